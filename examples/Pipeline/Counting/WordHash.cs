using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ActorInterp.Examples.Pipeline.Counting;

/// <summary>
/// The hash words are kept under in a <see cref="WordTable"/>: it takes the lower-cased word 8 bytes at a time
/// (little-endian, the last piece zero-padded) rather than a byte at a time, so that a word of up to 16 bytes,
/// the common case, costs two multiplications and a finish whatever its length. <see cref="OfShort"/> and
/// <see cref="Of"/> give the same value for the same word: the counting kernel hashes the two words it already
/// holds in registers, every other path hashes the bytes.
/// </summary>
public static class WordHash
{
    private const ulong Multiplier = 0x9E3779B97F4A7C15; // 2^64 / golden ratio, odd
    private const ulong Seed = 0xCBF29CE484222325;

    /// <summary>The hash of the word <paramref name="lowered"/> (already lower-cased).</summary>
    public static uint Of(ReadOnlySpan<byte> lowered)
    {
        var h = Start(lowered.Length);
        while (lowered.Length >= 8)
        {
            h = Step(h, BinaryPrimitives.ReadUInt64LittleEndian(lowered));
            lowered = lowered[8..];
        }
        if (!lowered.IsEmpty)
        {
            Span<byte> last = stackalloc byte[8];
            last.Clear();
            lowered.CopyTo(last);
            h = Step(h, BinaryPrimitives.ReadUInt64LittleEndian(last));
        }
        return End(h);
    }

    /// <summary>
    /// The hash of a word of 1 to 16 bytes given as its bytes 0-7 (<paramref name="k0"/>) and 8-15
    /// (<paramref name="k1"/>), little-endian and zero-padded: equal to <see cref="Of"/> of those bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint OfShort(ulong k0, ulong k1, int length)
    {
        var h = Step(Start(length), k0);
        if (length > 8) h = Step(h, k1);
        return End(h);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Start(int length) => Seed ^ ((ulong)length * Multiplier);

    // The rotation brings the well-mixed high bits of the product down to where the next piece is folded in.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step(ulong h, ulong piece) => BitOperations.RotateLeft((h ^ piece) * Multiplier, 29);

    // The table takes its slot from the high bits of a 32-bit product of this. Folding the halves together is
    // enough after the last step's multiplication and rotation: on a million numbers, "w"-prefixed numbers and
    // 20-byte words the slots filled as a random function fills them. A full 64-bit finaliser (another
    // multiplication) cost 10% of the kernel's speed and changed nothing there.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint End(ulong h)
    {
        return (uint)(h ^ (h >> 32));
    }
}
