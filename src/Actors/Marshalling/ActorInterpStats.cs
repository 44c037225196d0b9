namespace ActorInterp.Actors;

/// <summary>
/// The marshalling figures of one runtime since it started (see <see cref="DomainRuntimeActorExtensions.GetActorStats"/>).
/// Each figure is read atomically; together they are not one consistent cut.
/// </summary>
public sealed record ActorInterpStats
{
    /// <summary>Messages (and channel items) that needed work at a boundary: a buffer shared, a value copied.
    /// Shareable messages without buffers cross with no work and are not counted.</summary>
    public long MessagesMarshalled { get; init; }
    /// <summary>Owner buffers lent at a boundary (one per buffer per message).</summary>
    public long BuffersShared { get; init; }
    /// <summary>Held proxies passed on at a boundary.</summary>
    public long ProxiesForwarded { get; init; }
    /// <summary>Values deep-copied because the target opted in to copying (objects through Hyperion, and arrays).</summary>
    public long CopiesMade { get; init; }
    /// <summary>Bytes those copies took (the serialized size of copied objects, the element bytes of copied arrays).</summary>
    public long BytesCopied { get; init; }
    /// <summary>Sends refused with <see cref="NotShareableException"/>.</summary>
    public long MessagesRefused { get; init; }
    /// <summary>Messages with buffers sent to a domain that was no longer running: they went to dead letters unshared.</summary>
    public long MessagesDeadLettered { get; init; }
    /// <summary>Borrows given back because the message or item that carried them was never delivered
    /// (dead letters, a reply that came too late, a channel closed with items in it).</summary>
    public long BorrowsReturnedUndelivered { get; init; }
    /// <summary>Items put into channels.</summary>
    public long ChannelItemsSent { get; init; }
    /// <summary>Items taken out of channels.</summary>
    public long ChannelItemsReceived { get; init; }
    /// <summary>Items dropped by a forced close (their borrows were returned).</summary>
    public long ChannelItemsDropped { get; init; }
}
