namespace ActorInterp.Cluster;

/// <summary>The exchange's running figures. One writer (the exchange's thread); readers anywhere.</summary>
internal sealed class ExchangeCounters
{
    internal long BytesShipped, BytesReceived, TransfersStarted, TransfersFailed, RemoteBorrowsOut,
        DeliveriesSent, DeliveriesReceived, DeliveriesFailed, LocalCopies, LocalCopyBytes, ReleasesSent,
        ReleasesReceived, ReleasesRejected, MessagesRejected, ReclaimsAfterNodeLoss, NodesLost, OrphanedCopies, LaneTransfers, LaneFallbacks;

    /// <summary>The last reason the lane was not used (it could not listen, or could not be reached); null while it always was.</summary>
    internal volatile string? LaneProblem;

    /// <summary>Requests the lane refused and bytes it wrote, counted by its own threads (set when it starts).</summary>
    internal Func<long> LaneRefused = () => 0, LaneBytesSent = () => 0;

    internal volatile IReadOnlyDictionary<string, long> BorrowsByNode = new Dictionary<string, long>();

    internal static void Add(ref long field, long delta) => Volatile.Write(ref field, field + delta);

    internal ClusterExchangeStats Snapshot() => new(
        Volatile.Read(ref BytesShipped) + LaneBytesSent(), Volatile.Read(ref BytesReceived), Volatile.Read(ref TransfersStarted),
        Volatile.Read(ref TransfersFailed), Volatile.Read(ref RemoteBorrowsOut), BorrowsByNode,
        Volatile.Read(ref DeliveriesSent), Volatile.Read(ref DeliveriesReceived), Volatile.Read(ref DeliveriesFailed),
        Volatile.Read(ref LocalCopies), Volatile.Read(ref LocalCopyBytes), Volatile.Read(ref ReleasesSent),
        Volatile.Read(ref ReleasesReceived), Volatile.Read(ref ReleasesRejected), Volatile.Read(ref MessagesRejected),
        Volatile.Read(ref ReclaimsAfterNodeLoss), Volatile.Read(ref NodesLost), Volatile.Read(ref OrphanedCopies))
    {
        LaneTransfers = Volatile.Read(ref LaneTransfers),
        LaneFallbacks = Volatile.Read(ref LaneFallbacks),
        LaneRequestsRefused = LaneRefused(),
        LaneProblem = LaneProblem,
    };
}
