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

    internal ClusterExchangeOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ChunkSize, 1, nameof(ChunkSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ChunkSize, FrameRules.MaxChunkData, nameof(ChunkSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Window, 1, nameof(Window));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIncomingLength, 0, nameof(MaxIncomingLength));
        ArgumentException.ThrowIfNullOrWhiteSpace(MirrorDomainName, nameof(MirrorDomainName));
        return this;
    }
}
