using ActorInterp.Actors;

namespace ActorInterp.Cluster;

/// <summary>Settings of a <see cref="ClusterExchange"/>. Set them before <see cref="ClusterExchange.StartAsync"/>.</summary>
public sealed class ClusterExchangeOptions
{
    /// <summary>
    /// Bytes per chunk on the wire. Default 64 KiB, well under Akka remoting's default maximum frame of
    /// 128,000 bytes, so nobody has to raise it; at most 120,000.
    /// </summary>
    public int ChunkSize { get; set; } = 64 * 1024;

    /// <summary>
    /// Chunks of one transfer that may be unacknowledged at once. Default 8 (512 KiB): enough to keep the
    /// link busy, small enough that other messages to the node never wait long behind a large transfer.
    /// </summary>
    public int Window { get; set; } = 8;

    /// <summary>The largest buffer this node accepts from another (a bigger offer is refused). Default 1 GiB.</summary>
    public int MaxIncomingLength { get; set; } = 1 << 30;

    /// <summary>The name of the node-local domain that owns the copies of remote buffers. Default "cluster-mirror".</summary>
    public string MirrorDomainName { get; set; } = "cluster-mirror";

    /// <summary>
    /// How long an item that a remote <c>TryReceive</c> fetched ahead waits on this node for a receive before it
    /// goes back to its channel's node (which serves it to the next remote receive, ahead of the channel's queue).
    /// Default 5 s; more than zero, at most a day.
    /// </summary>
    public TimeSpan FetchedItemHold { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most items one fetch ahead for remote <c>TryReceive</c>s asks a channel's node for. A fetch asks for
    /// twice as many items as this node's receivers took of the channel since the previous fetch (one after
    /// a fetch nobody took anything from), up to this. Default 16; 1 to 1,024.
    /// </summary>
    public int MaxFetchAhead { get; set; } = 16;

    /// <summary>
    /// How long this node waits for a channel's node to answer a fetch ahead of a remote <c>TryReceive</c>, or
    /// to confirm an item fetched ahead and sent back, before it stops waiting: a fetch unanswered that long no
    /// longer holds back the next one, and a close or a stop of the exchange goes on. An answer that comes later
    /// is still kept (or its item sent back). Default 10 s; more than zero, at most a day.
    /// </summary>
    public TimeSpan ChannelAnswerTimeout { get; set; } = TimeSpan.FromSeconds(10);

    internal ClusterExchangeOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ChunkSize, 1, nameof(ChunkSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ChunkSize, FrameRules.MaxChunkData, nameof(ChunkSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Window, 1, nameof(Window));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIncomingLength, 0, nameof(MaxIncomingLength));
        ArgumentException.ThrowIfNullOrWhiteSpace(MirrorDomainName, nameof(MirrorDomainName));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFetchAhead, 1, nameof(MaxFetchAhead));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxFetchAhead, 1024, nameof(MaxFetchAhead));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FetchedItemHold, TimeSpan.Zero, nameof(FetchedItemHold));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ChannelAnswerTimeout, TimeSpan.Zero, nameof(ChannelAnswerTimeout));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(FetchedItemHold, TimeSpan.FromDays(1), nameof(FetchedItemHold));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ChannelAnswerTimeout, TimeSpan.FromDays(1), nameof(ChannelAnswerTimeout));
        return this;
    }
}
