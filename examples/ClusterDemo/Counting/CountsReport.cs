using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ClusterDemo;

/// <summary>How a run's counts are printed: a machine-readable result line and the most frequent words.</summary>
internal static class CountsReport
{
    /// <summary>
    /// A fingerprint of every word and its count: the first 16 hex digits of the SHA-256 of the lines
    /// "word count", sorted by word (ordinal). Two runs agree on it exactly when they counted the same.
    /// </summary>
    public static string Digest(IReadOnlyDictionary<string, long> counts)
    {
        var text = new StringBuilder();
        foreach (var (word, n) in counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            text.Append(word).Append(' ').Append(n.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(text.ToString())))[..16];
    }

    /// <summary>The result line scripts read: <c>result: words=N distinct=N digest=HEX</c>.</summary>
    public static string ResultLine(IReadOnlyDictionary<string, long> counts) =>
        string.Create(CultureInfo.InvariantCulture, $"result: words={counts.Values.Sum()} distinct={counts.Count} digest={Digest(counts)}");

    /// <summary>Writes the summary, the result line and the <paramref name="top"/> most frequent words.</summary>
    public static void Write(TextWriter output, IReadOnlyDictionary<string, long> counts, int chunks, int redispatched, int top)
    {
        output.WriteLine($"counted {counts.Values.Sum():N0} words ({counts.Count:N0} distinct) in {chunks} chunks; {redispatched} re-dispatched");
        output.WriteLine(ResultLine(counts));
        foreach (var (word, n) in counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(top))
            output.WriteLine($"  {word,-12} {n,10:N0}");
    }
}
