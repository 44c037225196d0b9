using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ActorInterp.Sharing.Tests.Support;

/// <summary>
/// Contents any reader can verify: the first four bytes hold a seed (as much of it as fits), every later
/// byte is derived from the seed and its index. A buffer freed early and reused by another allocation
/// shows as a mismatch.
/// </summary>
public static class Pattern
{
    public static void Fill(Span<byte> span, uint seed)
    {
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(header, seed);
        for (var i = 0; i < span.Length && i < 4; i++) span[i] = header[i];
        for (var i = 4; i < span.Length; i++) span[i] = At(seed, i);
    }

    /// <summary>The seed a buffer of at least four bytes carries.</summary>
    public static uint SeedOf(ReadOnlySpan<byte> span) => BinaryPrimitives.ReadUInt32LittleEndian(span);

    /// <summary>Index of the first byte that differs from the pattern of <paramref name="seed"/>, or -1.</summary>
    public static int FirstMismatch(ReadOnlySpan<byte> span, uint seed)
    {
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(header, seed);
        for (var i = 0; i < span.Length && i < 4; i++)
            if (span[i] != header[i]) return i;
        for (var i = 4; i < span.Length; i++)
            if (span[i] != At(seed, i)) return i;
        return -1;
    }

    /// <summary>Throws unless <paramref name="span"/> holds the pattern of <paramref name="seed"/>.</summary>
    public static void Verify(ReadOnlySpan<byte> span, uint seed, string what)
    {
        var at = FirstMismatch(span, seed);
        if (at >= 0)
            throw new InvalidDataException(
                $"{what}: byte {at} of {span.Length} is {span[at]}, expected {(at < 4 ? (byte)(seed >> (8 * at)) : At(seed, at))} (pattern seed {seed}): the memory changed under its reader.");
    }

    /// <summary>
    /// Throws unless <paramref name="span"/> holds bytes <paramref name="offset"/> onwards of the pattern of
    /// <paramref name="seed"/>: what a slice of a patterned buffer must read.
    /// </summary>
    public static void Verify(ReadOnlySpan<byte> span, uint seed, int offset, string what)
    {
        for (var i = 0; i < span.Length; i++)
        {
            var expected = Expected(seed, offset + i);
            if (span[i] != expected)
                throw new InvalidDataException(
                    $"{what}: byte {i} of {span.Length} (byte {offset + i} of the buffer) is {span[i]}, expected {expected} (pattern seed {seed}): the slice reads the wrong bytes.");
        }
    }

    private static byte Expected(uint seed, int index) => index < 4 ? (byte)(seed >> (8 * index)) : At(seed, index);

    /// <summary>The array behind <paramref name="memory"/> (pooled memory is always array-backed).</summary>
    public static byte[] ArrayOf(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not backed by an array");

    private static byte At(uint seed, int index) => (byte)(((seed + (uint)index) * 0x9E3779B1u) >> 24);
}
