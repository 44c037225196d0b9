using System.Buffers.Binary;
using System.Text;

namespace ClusterDemo;

/// <summary>
/// Word statistics: words are maximal runs of ASCII letters and digits, lowercased (ASCII only), counted.
/// </summary>
internal static class WordCount
{
    public static bool IsWordByte(byte b) => (uint)(b - '0') < 10 || (uint)((b | 0x20) - 'a') < 26;

    /// <summary>Adds the words of <paramref name="text"/> to <paramref name="counts"/>.</summary>
    public static void Count(ReadOnlySpan<byte> text, Dictionary<string, long> counts)
    {
        var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> word = stackalloc char[256];
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !IsWordByte(text[i])) i++;
            var start = i;
            while (i < text.Length && IsWordByte(text[i])) i++;
            var length = i - start;
            if (length == 0) break;
            if (length > word.Length)
            {
                var key = Encoding.ASCII.GetString(text.Slice(start, length)).ToLowerInvariant();
                counts[key] = counts.GetValueOrDefault(key) + 1;
                continue;
            }
            for (var k = 0; k < length; k++) word[k] = (char)(text[start + k] | (text[start + k] >= 'A' ? 0x20 : 0));
            var w = word[..length];
            if (lookup.TryGetValue(w, out var n)) lookup[w] = n + 1;
            else lookup[w] = 1;
        }
    }

    /// <summary>Where to cut <paramref name="text"/> near <paramref name="target"/> so that no word is split.</summary>
    public static int CutAfter(ReadOnlySpan<byte> text, int target)
    {
        var cut = Math.Min(target, text.Length);
        while (cut < text.Length && IsWordByte(text[cut])) cut++;
        return cut;
    }

    public static int EncodedLength(Dictionary<string, long> counts) => 4 + counts.Sum(kv => 2 + kv.Key.Length + 8);

    /// <summary>Writes counts as: entry count, then (u16 length, ASCII word, i64 count) per entry.</summary>
    public static void Encode(Dictionary<string, long> counts, Span<byte> into)
    {
        BinaryPrimitives.WriteInt32LittleEndian(into, counts.Count);
        var at = 4;
        foreach (var (word, n) in counts)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(into[at..], (ushort)word.Length);
            at += 2;
            at += Encoding.ASCII.GetBytes(word, into[at..]);
            BinaryPrimitives.WriteInt64LittleEndian(into[at..], n);
            at += 8;
        }
    }

    /// <summary>Adds encoded counts to <paramref name="totals"/>.</summary>
    public static void Merge(ReadOnlySpan<byte> encoded, Dictionary<string, long> totals)
    {
        var lookup = totals.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> word = stackalloc char[ushort.MaxValue];
        var entries = BinaryPrimitives.ReadInt32LittleEndian(encoded);
        var at = 4;
        for (var e = 0; e < entries; e++)
        {
            int length = BinaryPrimitives.ReadUInt16LittleEndian(encoded[at..]);
            at += 2;
            var w = word[..Encoding.ASCII.GetChars(encoded.Slice(at, length), word)];
            at += length;
            var n = BinaryPrimitives.ReadInt64LittleEndian(encoded[at..]);
            at += 8;
            lookup[w] = (lookup.TryGetValue(w, out var old) ? old : 0) + n;
        }
    }

    /// <summary>Deterministic text: words of a Zipf-like vocabulary in mixed case, with digits and punctuation.</summary>
    public static byte[] SyntheticText(int bytes, int seed = 12345)
    {
        var random = new Random(seed);
        var vocabulary = Enumerable.Range(0, 4000).Select(i =>
        {
            var len = 2 + random.Next(9);
            var chars = new char[len];
            for (var k = 0; k < len; k++) chars[k] = (char)('a' + random.Next(26));
            if (i % 17 == 0) chars[^1] = (char)('0' + i % 10);
            return new string(chars);
        }).ToArray();
        var separators = new[] { " ", " ", " ", ", ", ". ", "\n", " - ", "; ", "'" };
        var sb = new StringBuilder(bytes + 64);
        while (sb.Length < bytes)
        {
            var rank = (int)(vocabulary.Length * Math.Pow(random.NextDouble(), 3));
            var w = vocabulary[rank];
            sb.Append(random.Next(5) == 0 ? char.ToUpperInvariant(w[0]) + w[1..] : random.Next(50) == 0 ? w.ToUpperInvariant() : w);
            sb.Append(separators[random.Next(separators.Length)]);
        }
        return Encoding.ASCII.GetBytes(sb.ToString(0, bytes));
    }
}
