using System.Text;
using System.Text.RegularExpressions;
using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Examples.Pipeline.Input;
using ActorInterp.Pipeline.Tests.Support;
using Xunit;

namespace ActorInterp.Pipeline.Tests.Input;

public sealed partial class CorpusGeneratorTests
{
    // The commonest words of written English, as every frequency list has them (lower-cased): stated here, not
    // taken from the generator's word list.
    private static readonly HashSet<string> CommonEnglish =
    [
        "the", "of", "and", "to", "a", "in", "is", "that", "it", "was", "for", "i", "on", "you", "he", "be", "with", "as",
        "by", "at", "have", "are", "this", "not", "but", "had", "his", "they", "from", "she", "which", "or", "we", "an",
    ];

    [Fact]
    public async Task The_built_in_workload_s_top_ten_words_are_common_English_words()
    {
        var result = await Runs.CountAsync(new PipelineOptions { Workers = 2, Seed = 1, Size = 4 << 20, Top = 10 });

        var top = result.Top.Select(w => w.Word).ToList();
        Assert.Equal(10, top.Count);
        Assert.Equal("the", top[0]);
        Assert.All(top, word => Assert.Contains(word, CommonEnglish));
        // Zipf's law: "the" is about twice as frequent as "of", as in English text.
        Assert.InRange(result.Top[0].Count / (double)result.Top[1].Count, 1.7, 2.4);
    }

    [Fact]
    public async Task The_built_in_workload_is_reproducible_from_its_seed()
    {
        const long size = 2 << 20;
        var first = await Runs.CountAsync(new PipelineOptions { Workers = 2, Seed = 42, Size = size, ChunkSize = 64 * 1024 });
        var again = await Runs.CountAsync(new PipelineOptions { Workers = 1, Seed = 42, Size = size, ChunkSize = 1000 });
        var other = await Runs.CountAsync(new PipelineOptions { Workers = 2, Seed = 43, Size = size, ChunkSize = 64 * 1024 });

        Runs.AssertSameCounts(first.AllCounts!, again.AllCounts);
        Assert.Equal(first.Lines, again.Lines);
        Assert.NotEqual(first.AllCounts!.Where(kv => kv.Key.Length > 3).Select(kv => kv.Value).Take(50), other.AllCounts!.Where(kv => kv.Key.Length > 3).Select(kv => kv.Value).Take(50));
        // The same bytes however the text is cut: by 100-byte buffers or in one go.
        var whole = Texts.Corpus(seed: 42, size: 300_000);
        var generator = new CorpusGenerator(42, 300_000);
        var pieces = new MemoryStream();
        var buffer = new byte[100];
        while (!generator.Done) pieces.Write(buffer, 0, generator.Fill(buffer));
        Assert.Equal(whole, pieces.ToArray());
        Assert.NotEqual(whole, Texts.Corpus(seed: 43, size: 300_000));
    }

    [Fact]
    public void The_built_in_workload_is_sentences_in_lines_of_natural_length()
    {
        var text = Encoding.ASCII.GetString(Texts.Corpus(seed: 8, size: 1 << 20));
        var lines = text.Split('\n');

        Assert.All(lines, line => Assert.InRange(line.Length, 0, 80));
        var filled = lines.Where(l => l.Length > 0).ToList();
        Assert.InRange(filled.Average(l => l.Length), 55, 80);
        Assert.Contains("", lines); // paragraphs are separated by blank lines
        // Every sentence starts with a capital (or a number) after the end of the one before.
        var sentenceStarts = SentenceStart().Matches(text);
        Assert.True(sentenceStarts.Count > 1000, $"{sentenceStarts.Count} sentences");
        Assert.All(sentenceStarts, m => Assert.True(char.IsAsciiLetterUpper(m.Groups[1].Value[0]) || char.IsAsciiDigit(m.Groups[1].Value[0]), $"'{m.Value}'"));
        Assert.Contains(", ", text);
    }

    [Fact]
    public void The_word_list_holds_common_English_words_most_frequent_first()
    {
        var words = EnglishWords.ByRank;

        Assert.InRange(words.Count, 1000, 3000);
        Assert.Equal(["the", "of", "and", "to", "a"], words.Take(5));
        Assert.Equal(words.Count, words.Select(w => w.ToLowerInvariant()).Distinct().Count());
    }

    [GeneratedRegex(@"[.?!][ \n]+(\S)")]
    private static partial Regex SentenceStart();
}
