using System.Text;
using ActorInterp.Examples.Pipeline.Input;

namespace ActorInterp.Pipeline.Tests.Support;

/// <summary>Test inputs.</summary>
internal static class Texts
{
    public static byte[] Corpus(long seed, long size)
    {
        using var stream = new MemoryStream();
        CorpusGenerator.WriteTo(stream, seed, size);
        return stream.ToArray();
    }

    /// <summary>Random text heavy in edge cases: mixed case, digits, punctuation runs, CRLF, UTF-8 letters, long lines.</summary>
    public static byte[] Jumble(int seed, int length)
    {
        var random = new Random(seed);
        var pieces = new[] { "the", "The", "THE", "x", "A1", "a1", "42", "007", "naïve", "café", "Ünïcödé", "don't", "e-mail", "\r\n", "\n", "\t", "  ", "...", "__", "—", "日本語", "zZ9" };
        var sb = new StringBuilder();
        while (Encoding.UTF8.GetByteCount(sb.ToString()) < length)
        {
            sb.Append(pieces[random.Next(pieces.Length)]);
            if (random.Next(3) == 0) sb.Append(' ');
            if (random.Next(50) == 0) sb.Append(new string('w', random.Next(1, 200)));
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
