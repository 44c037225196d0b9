namespace ActorInterp.Examples.Pipeline.Input;

/// <summary>
/// The vocabulary of the built-in workload: common English word forms, the most frequent first, read from the
/// embedded data file <c>english-words.txt</c> (whose header says where the order comes from).
/// </summary>
public static class EnglishWords
{
    /// <summary>The longest word the list may hold, in bytes.</summary>
    public const int MaxLength = 16;

    private const string ResourceName = "ActorInterp.Examples.Pipeline.english-words.txt";

    private static readonly Lazy<IReadOnlyList<string>> Words = new(Load);

    /// <summary>The words, the most frequent first; distinct (ignoring case), ASCII letters only, at most <see cref="MaxLength"/> each.</summary>
    public static IReadOnlyList<string> ByRank => Words.Value;

    private static IReadOnlyList<string> Load()
    {
        using var stream = typeof(EnglishWords).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The word list '{ResourceName}' is not embedded in {typeof(EnglishWords).Assembly.GetName().Name}; the build lost it.");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            var word = line.Trim();
            if (word.Length == 0 || word.StartsWith('#')) continue;
            // Checked here, not trusted: the generator copies words into fixed slots and counts on letters only.
            if (word.Length > MaxLength || !word.All(char.IsAsciiLetter))
                throw new InvalidDataException($"{ResourceName} line {number}: '{word}' is not 1 to {MaxLength} ASCII letters.");
            if (!seen.Add(word)) throw new InvalidDataException($"{ResourceName} line {number}: '{word}' is listed twice.");
            words.Add(word);
        }
        return words;
    }
}
