using System.Runtime.CompilerServices;

namespace ActorInterp.Examples.Pipeline.Counting;

/// <summary>
/// Counts the words and newlines of one chunk straight from its bytes into a <see cref="WordTable"/>; a word is
/// looked up by its bytes, so nothing is allocated per word (a word longer than <see cref="LongWord.ExactLimit"/>
/// is looked up by its <see cref="LongWord"/> key).
/// </summary>
public static class ChunkCounter
{
    // Words are lower-cased into a stack buffer as they are scanned; longer ones than this take the slow path.
    private const int Scratch = 64;

    /// <summary>Adds the words of <paramref name="data"/> to <paramref name="table"/>; returns the number of words.</summary>
    public static unsafe long CountWords(ReadOnlySpan<byte> data, WordTable table)
    {
        long words = 0;
        var lowered = stackalloc byte[Scratch];
        fixed (byte* map = AsciiWords.Lower)
        fixed (byte* first = data)
        {
            var p = first;
            var end = first + data.Length;
            while (p < end)
            {
                var c = map[*p];
                if (c == 0)
                {
                    p++;
                    continue;
                }
                var start = p;
                var hash = AsciiWords.HashSeed;
                var length = 0;
                do
                {
                    if (length < Scratch) lowered[length] = c;
                    length++;
                    hash = AsciiWords.HashStep(hash, c);
                    p++;
                } while (p < end && (c = map[*p]) != 0);
                words++;
                if (length <= WordTable.InlineLength)
                {
                    // Bytes past the word in the scratch are left from earlier words: mask them off.
                    var k0 = Unsafe.ReadUnaligned<ulong>(lowered);
                    var k1 = Unsafe.ReadUnaligned<ulong>(lowered + 8);
                    if (length < 8)
                    {
                        k0 &= (1UL << (length * 8)) - 1;
                        k1 = 0;
                    }
                    else if (length < 16)
                    {
                        k1 &= (1UL << ((length - 8) * 8)) - 1;
                    }
                    table.AddShort(k0, k1, length, hash, 1);
                }
                else if (length <= Scratch)
                {
                    table.AddLong(new ReadOnlySpan<byte>(lowered, length), hash, 1);
                }
                else
                {
                    table.Add(new ReadOnlySpan<byte>(start, length), 1);
                }
            }
        }
        return words;
    }

    /// <summary>Newline bytes in <paramref name="data"/>.</summary>
    public static long CountNewlines(ReadOnlySpan<byte> data) => data.Count((byte)'\n');
}
