using System.Numerics;
using System.Runtime.CompilerServices;

namespace ActorInterp.Examples.Pipeline.Counting;

/// <summary>
/// Counts the words and newlines of one chunk straight from its bytes into a <see cref="WordTable"/>; a word is
/// looked up by its bytes, so nothing is allocated per word (a word longer than <see cref="LongWord.ExactLimit"/>
/// is looked up by its <see cref="LongWord"/> key).
/// </summary>
/// <remarks>
/// The chunk is classified 64 bytes at a time into a bit mask of word bytes (<see cref="WordMask"/>); words are
/// then found with bit scans, not byte by byte. A word of up to 16 bytes is read as two 8-byte loads: every word
/// byte is a letter or a digit, and a digit already has bit 0x20 set, so OR-ing 0x20 into every byte lower-cases
/// the word, and masking off the bytes past its end gives the table's key and <see cref="WordHash.OfShort"/>
/// its input without a copy.
/// </remarks>
public static class ChunkCounter
{
    private const ulong LowerCase = 0x2020202020202020;

    // Words up to this long are lower-cased into a stack buffer; longer ones go through WordTable.Add.
    private const int Scratch = 64;

    /// <summary>Adds the words of <paramref name="data"/> to <paramref name="table"/>; returns the number of words.</summary>
    public static unsafe long CountWords(ReadOnlySpan<byte> data, WordTable table)
    {
        long words = 0;
        var n = data.Length;
        if (n == 0) return 0;
        fixed (byte* first = data)
        {
            var blockStart = 0;
            var mask = MaskAt(first, n, 0);
            var pending = mask; // word bytes of this block not yet counted
            while (true)
            {
                while (pending == 0)
                {
                    blockStart += WordMask.Block;
                    if (blockStart >= n) return words;
                    mask = MaskAt(first, n, blockStart);
                    pending = mask;
                }
                var startBit = BitOperations.TrailingZeroCount(pending);
                var start = blockStart + startBit;
                var beyond = ~mask & (ulong.MaxValue << startBit); // separators from the word's start on
                int end;
                if (beyond != 0)
                {
                    var endBit = BitOperations.TrailingZeroCount(beyond);
                    end = blockStart + endBit;
                    pending = mask & (ulong.MaxValue << endBit);
                }
                else
                {
                    // The word runs to the end of the block: follow it through the next ones.
                    while (true)
                    {
                        blockStart += WordMask.Block;
                        if (blockStart >= n)
                        {
                            end = n;
                            pending = 0;
                            break;
                        }
                        mask = MaskAt(first, n, blockStart);
                        if (mask != ulong.MaxValue)
                        {
                            var endBit = BitOperations.TrailingZeroCount(~mask);
                            end = blockStart + endBit;
                            pending = mask & (ulong.MaxValue << endBit);
                            break;
                        }
                    }
                }
                words++;
                Add(table, first + start, end - start, n - start);
            }
        }
    }

    /// <summary>Newline bytes in <paramref name="data"/>.</summary>
    public static long CountNewlines(ReadOnlySpan<byte> data) => data.Count((byte)'\n');

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe ulong MaskAt(byte* first, int n, int blockStart) =>
        n - blockStart >= WordMask.Block ? WordMask.Of(first + blockStart) : WordMask.OfPartial(first + blockStart, n - blockStart);

    // Adds the word of `length` bytes at `word`; `readable` bytes may be read from `word` on.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Add(WordTable table, byte* word, int length, int readable)
    {
        if (length <= WordTable.InlineLength)
        {
            ulong k0, k1;
            if (readable >= 16)
            {
                k0 = Unsafe.ReadUnaligned<ulong>(word);
                k1 = Unsafe.ReadUnaligned<ulong>(word + 8);
            }
            else
            {
                (k0, k1) = ReadNearEnd(word, length);
            }
            k0 |= LowerCase;
            k1 |= LowerCase;
            if (length <= 8)
            {
                k0 &= ulong.MaxValue >> (64 - 8 * length);
                k1 = 0;
            }
            else
            {
                k1 &= ulong.MaxValue >> (128 - 8 * length);
            }
            table.AddShort(k0, k1, length, WordHash.OfShort(k0, k1, length), 1);
        }
        else if (length <= Scratch)
        {
            AddMedium(table, word, length);
        }
        else
        {
            table.Add(new ReadOnlySpan<byte>(word, length), 1);
        }
    }

    // A word in the last 16 bytes of the chunk: its bytes only, never a byte past the chunk.
    private static unsafe (ulong K0, ulong K1) ReadNearEnd(byte* word, int length)
    {
        var padded = stackalloc byte[16];
        new Span<byte>(padded, 16).Clear();
        Buffer.MemoryCopy(word, padded, 16, length);
        return (Unsafe.ReadUnaligned<ulong>(padded), Unsafe.ReadUnaligned<ulong>(padded + 8));
    }

    private static unsafe void AddMedium(WordTable table, byte* word, int length)
    {
        var lowered = stackalloc byte[Scratch];
        for (var i = 0; i < length; i++) lowered[i] = (byte)(word[i] | 0x20);
        var span = new ReadOnlySpan<byte>(lowered, length);
        table.AddLong(span, WordHash.Of(span), 1);
    }
}
