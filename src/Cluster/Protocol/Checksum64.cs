using System.Buffers.Binary;
using System.Numerics;

namespace ActorInterp.Cluster;

/// <summary>
/// A fast 64-bit checksum over bytes (four independent multiply-rotate lanes, then an avalanche). It
/// detects corruption and mismatched chunks; it is not a cryptographic hash and does not resist forgery.
/// </summary>
internal static class Checksum64
{
    private const ulong P1 = 0x9E3779B185EBCA87UL;
    private const ulong P2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong P3 = 0x165667B19E3779F9UL;

    /// <summary>The checksum of <paramref name="data"/>.</summary>
    public static ulong Compute(ReadOnlySpan<byte> data)
    {
        ulong a = P1, b = P2, c = P3, d = P1 ^ P2;
        var i = 0;
        for (; i + 32 <= data.Length; i += 32)
        {
            a = Round(a, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
            b = Round(b, BinaryPrimitives.ReadUInt64LittleEndian(data[(i + 8)..]));
            c = Round(c, BinaryPrimitives.ReadUInt64LittleEndian(data[(i + 16)..]));
            d = Round(d, BinaryPrimitives.ReadUInt64LittleEndian(data[(i + 24)..]));
        }
        var h = BitOperations.RotateLeft(a, 1) + BitOperations.RotateLeft(b, 7) + BitOperations.RotateLeft(c, 12) + BitOperations.RotateLeft(d, 18);
        h += (ulong)data.Length * P3;
        for (; i + 8 <= data.Length; i += 8) h = Round(h, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        for (; i < data.Length; i++) h = BitOperations.RotateLeft(h ^ (data[i] * P3), 11) * P1;
        h ^= h >> 33;
        h *= P2;
        h ^= h >> 29;
        h *= P3;
        h ^= h >> 32;
        return h;
    }

    private static ulong Round(ulong acc, ulong word) => BitOperations.RotateLeft(acc + word * P2, 31) * P1;
}
