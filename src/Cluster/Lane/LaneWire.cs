using System.Buffers.Binary;

namespace ActorInterp.Cluster;

/// <summary>
/// The data lane's framing. The holder node opens a TCP connection to the owner node's lane and writes one request:
/// the magic "AIL1", the lease id and the ticket's token (<see cref="RequestBytes"/> bytes). The owner node answers
/// one status byte (<see cref="Accepted"/> or <see cref="Refused"/>) and, when accepted, the lease's bytes as
/// frames of a length (4 bytes), a checksum of the frame's bytes (8) and the bytes, every frame
/// <see cref="ChunkBytes"/> long but the last. All integers little-endian.
/// </summary>
internal static class LaneWire
{
    /// <summary>Bytes per frame of the lane: large, since nothing else shares the connection.</summary>
    internal const int ChunkBytes = 1 << 20;

    /// <summary>A frame's header: its length and its checksum.</summary>
    internal const int HeaderBytes = 12;

    /// <summary>The request: magic, lease id, token.</summary>
    internal const int RequestBytes = 4 + 8 + 16;

    internal const byte Accepted = 0, Refused = 1;

    private const uint Magic = 0x314C4941; // "AIL1"

    /// <summary>The length of frame number <paramref name="index"/> of a lease of <paramref name="length"/> bytes.</summary>
    internal static int FrameLength(int length, int index) => (int)Math.Min(ChunkBytes, length - (long)index * ChunkBytes);

    internal static void WriteRequest(Span<byte> request, long leaseId, UInt128 token)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(request, Magic);
        BinaryPrimitives.WriteInt64LittleEndian(request[4..], leaseId);
        BinaryPrimitives.WriteUInt64LittleEndian(request[12..], (ulong)(token >> 64));
        BinaryPrimitives.WriteUInt64LittleEndian(request[20..], (ulong)token);
    }

    /// <summary>The lease and token of a request, or false when it does not start with the magic.</summary>
    internal static bool TryReadRequest(ReadOnlySpan<byte> request, out long leaseId, out UInt128 token)
    {
        leaseId = BinaryPrimitives.ReadInt64LittleEndian(request[4..]);
        token = new UInt128(BinaryPrimitives.ReadUInt64LittleEndian(request[12..]), BinaryPrimitives.ReadUInt64LittleEndian(request[20..]));
        return BinaryPrimitives.ReadUInt32LittleEndian(request) == Magic;
    }

    internal static void WriteHeader(Span<byte> header, int length, ulong checksum)
    {
        BinaryPrimitives.WriteInt32LittleEndian(header, length);
        BinaryPrimitives.WriteUInt64LittleEndian(header[4..], checksum);
    }

    internal static (int Length, ulong Checksum) ReadHeader(ReadOnlySpan<byte> header) =>
        (BinaryPrimitives.ReadInt32LittleEndian(header), BinaryPrimitives.ReadUInt64LittleEndian(header[4..]));
}
