using System.Diagnostics;
using System.Text;
using ActorInterp.Examples.Pipeline.Counting;

namespace ActorInterp.Pipeline.Tests.Support;

/// <summary>Independent statements of what the pipeline must compute.</summary>
internal static class Reference
{
    /// <summary>Words as maximal runs of [A-Za-z0-9], lower-cased: a plain, slow restatement of the definition.</summary>
    public static Dictionary<string, long> CountWords(IEnumerable<byte[]> documents)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var word = new StringBuilder();
        foreach (var bytes in documents)
        {
            foreach (var b in bytes.Append((byte)' '))
            {
                var c = (char)b;
                if (b < 128 && char.IsAsciiLetterOrDigit(c))
                {
                    word.Append(char.ToLowerInvariant(c));
                    continue;
                }
                if (word.Length == 0) continue;
                var w = word.ToString();
                counts[w] = counts.GetValueOrDefault(w) + 1;
                word.Clear();
            }
        }
        return counts;
    }

    /// <summary>
    /// The same counts keyed as the pipeline shows words: a word longer than the exact limit by its start,
    /// length and digest (<see cref="LongWord.TextOf"/>), every other word as itself.
    /// </summary>
    public static Dictionary<string, long> Shown(Dictionary<string, long> counts) =>
        counts.ToDictionary(kv => LongWord.TextOf(kv.Key), kv => kv.Value, StringComparer.Ordinal);

    /// <summary>Newlines, plus one for each non-empty document that does not end with one.</summary>
    public static long CountLines(IEnumerable<byte[]> documents) =>
        documents.Sum(d => d.Count(b => b == (byte)'\n') + (d.Length > 0 && d[^1] != (byte)'\n' ? 1 : 0));

    /// <summary>True when /bin/sh, tr, sort and uniq are all there.</summary>
    public static bool ShellToolsPresent =>
        File.Exists("/bin/sh") && new[] { "tr", "sort", "uniq" }.All(tool =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, tool))));

    /// <summary>
    /// Runs <c>LC_ALL=C tr -cs 'A-Za-z0-9' '\n' &lt; file | tr 'A-Z' 'a-z' | sort | uniq -c</c> and parses its
    /// output (the empty line tr may produce is ignored).
    /// </summary>
    public static async Task<Dictionary<string, long>> CountWithShellAsync(string file, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("LC_ALL=C tr -cs 'A-Za-z0-9' '\\n' < \"$1\" | LC_ALL=C tr 'A-Z' 'a-z' | LC_ALL=C sort | LC_ALL=C uniq -c");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"The shell pipeline failed ({process.ExitCode}): {await error}");
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in (await output).Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0) continue;
            var space = trimmed.IndexOf(' ');
            if (space < 0) continue; // the count of the empty word tr emits for leading separators
            counts.Add(trimmed[(space + 1)..], long.Parse(trimmed[..space]));
        }
        return counts;
    }
}
