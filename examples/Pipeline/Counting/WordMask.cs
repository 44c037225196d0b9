using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ActorInterp.Examples.Pipeline.Counting;

/// <summary>
/// Classifies 64 bytes at once: bit i of the result is set when byte i is a word byte (<see cref="AsciiWords"/>:
/// an ASCII letter or digit). With 512-, 256- or 128-bit vectors (whichever the processor runs well) that is
/// one to four loads, four vector operations each and a mask extraction, instead of 64 table lookups.
/// </summary>
public static class WordMask
{
    /// <summary>Bytes classified per call.</summary>
    public const int Block = 64;

    /// <summary>The word-byte mask of the 64 bytes at <paramref name="p"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe ulong Of(byte* p)
    {
        if (Vector512.IsHardwareAccelerated)
            return Classify(Vector512.Load(p));
        if (Vector256.IsHardwareAccelerated)
            return Classify(Vector256.Load(p)) | ((ulong)Classify(Vector256.Load(p + 32)) << 32);
        if (Vector128.IsHardwareAccelerated)
            return Classify(Vector128.Load(p)) | ((ulong)Classify(Vector128.Load(p + 16)) << 16)
                | ((ulong)Classify(Vector128.Load(p + 32)) << 32) | ((ulong)Classify(Vector128.Load(p + 48)) << 48);
        return OfScalar(p);
    }

    /// <summary>
    /// The word-byte mask of the <paramref name="count"/> (0 to 64) bytes at <paramref name="p"/>; the bits
    /// past them are clear, as if separators followed.
    /// </summary>
    public static unsafe ulong OfPartial(byte* p, int count)
    {
        var padded = stackalloc byte[Block];
        new Span<byte>(padded, Block).Clear();
        Buffer.MemoryCopy(p, padded, Block, count);
        return Of(padded);
    }

    // A letter lower-cases (OR 0x20) into 'a'..'z'; a digit is '0'..'9'. Both tests are unsigned, so bytes
    // of 0x80 and up wrap far out of either range and separate, as NUL and punctuation do.
    private static ulong Classify(Vector512<byte> v)
    {
        var letter = Vector512.LessThan((v | Vector512.Create((byte)0x20)) - Vector512.Create((byte)'a'), Vector512.Create((byte)26));
        var digit = Vector512.LessThan(v - Vector512.Create((byte)'0'), Vector512.Create((byte)10));
        return (letter | digit).ExtractMostSignificantBits();
    }

    private static uint Classify(Vector256<byte> v)
    {
        var letter = Vector256.LessThan((v | Vector256.Create((byte)0x20)) - Vector256.Create((byte)'a'), Vector256.Create((byte)26));
        var digit = Vector256.LessThan(v - Vector256.Create((byte)'0'), Vector256.Create((byte)10));
        return (letter | digit).ExtractMostSignificantBits();
    }

    private static uint Classify(Vector128<byte> v)
    {
        var letter = Vector128.LessThan((v | Vector128.Create((byte)0x20)) - Vector128.Create((byte)'a'), Vector128.Create((byte)26));
        var digit = Vector128.LessThan(v - Vector128.Create((byte)'0'), Vector128.Create((byte)10));
        return (letter | digit).ExtractMostSignificantBits();
    }

    /// <summary>The same mask a byte at a time through <see cref="AsciiWords.Lower"/>: the fallback, and the tests' reference.</summary>
    public static unsafe ulong OfScalar(byte* p)
    {
        var map = AsciiWords.Lower;
        ulong mask = 0;
        for (var i = 0; i < Block; i++)
            if (map[p[i]] != 0) mask |= 1UL << i;
        return mask;
    }
}
