namespace ActorInterp.Sharing;

/// <summary>
/// Borrows that wait in a queue before any domain receives them (a layer above keeps such queues) are counted by their
/// owner for a parking place, identified by a negative id, instead of for a domain. The domain that
/// receives a parked handle opens it and tells the owner, which moves the borrow over to it.
/// </summary>
internal static class Parking
{
    private static int s_lastId;

    /// <summary>A new parking id, unique in the process.</summary>
    internal static int NewId() => -Interlocked.Increment(ref s_lastId);

    /// <summary>Shares an owner's buffer into parking <paramref name="parkingId"/>. Owner's thread only.</summary>
    internal static BufferHandle ShareParked(this SharedBuffer buffer, int parkingId) => buffer.ShareParkedCore(parkingId);

    /// <summary>Shares a slice of an owner's buffer into parking <paramref name="parkingId"/>. Owner's thread only.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The slice is not inside the buffer; nothing was lent.</exception>
    internal static BufferHandle ShareParked(this SharedBuffer buffer, int parkingId, int start, int length) =>
        buffer.ShareParkedCore(parkingId, start, length);

    /// <summary>Passes a held proxy on into parking <paramref name="parkingId"/>. Holder's thread only.</summary>
    internal static BufferHandle ShareParked(this BufferProxy proxy, int parkingId) => proxy.ShareParkedCore(parkingId);
}
