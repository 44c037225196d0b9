namespace ActorInterp.Cluster;

/// <summary>
/// One node's remote-borrow figures, read from any thread (each field atomically, not as one consistent cut).
/// </summary>
/// <param name="BytesShipped">Buffer bytes sent to other nodes (chunk payloads over remoting, and frames written to the data lane).</param>
/// <param name="BytesReceived">Buffer bytes received into local copies.</param>
/// <param name="TransfersStarted">Buffers this node began sending to another node (one per lease).</param>
/// <param name="TransfersFailed">Transfers that failed (a rejected chunk or checksum, either side).</param>
/// <param name="RemoteBorrowsOut">Borrows of this node's buffers held by other nodes now (one per buffer and node).</param>
/// <param name="RemoteBorrowsByNode">The same, by node address.</param>
/// <param name="DeliveriesSent">Deliveries to remote endpoints (a lease carries one or more).</param>
/// <param name="DeliveriesReceived">Deliveries this node handed to its local endpoints.</param>
/// <param name="DeliveriesFailed">Deliveries (of buffers to endpoints, and of actor messages) that failed, each also logged as a
/// warning with its reason: no such endpoint or receiver, a closing domain, a refused transfer, the lending node gone, or, on the
/// sending node, a target's node that is not a member or a frame the wire refuses.</param>
/// <param name="LocalCopies">Copies of remote buffers this node keeps now.</param>
/// <param name="LocalCopyBytes">Their bytes.</param>
/// <param name="ReleasesSent">Coalesced releases this node sent (one per copy whose last local holder let go).</param>
/// <param name="ReleasesReceived">Releases that ended a lease of this node.</param>
/// <param name="ReleasesRejected">Releases refused: forged, duplicated, from the wrong node, or more than was lent.</param>
/// <param name="MessagesRejected">Other protocol messages refused (unknown lease, wrong sender, bad chunk, unknown type).</param>
/// <param name="ReclaimsAfterNodeLoss">Borrows taken back because the node holding them left or was downed.</param>
/// <param name="NodesLost">Nodes seen leaving or downed.</param>
/// <param name="OrphanedCopies">Local copies whose owner node went away while they had holders.</param>
public sealed record ClusterExchangeStats(
    long BytesShipped,
    long BytesReceived,
    long TransfersStarted,
    long TransfersFailed,
    long RemoteBorrowsOut,
    IReadOnlyDictionary<string, long> RemoteBorrowsByNode,
    long DeliveriesSent,
    long DeliveriesReceived,
    long DeliveriesFailed,
    long LocalCopies,
    long LocalCopyBytes,
    long ReleasesSent,
    long ReleasesReceived,
    long ReleasesRejected,
    long MessagesRejected,
    long ReclaimsAfterNodeLoss,
    long NodesLost,
    long OrphanedCopies)
{
    /// <summary>Transfers whose bytes went over the data lane: pulled by this node, or pulled from it (see <see cref="BulkTransfer.DataLane"/>).</summary>
    public long LaneTransfers { get; init; }

    /// <summary>Transfers offered over the lane whose bytes went in chunks over remoting instead, on either side: the lane could not be reached,
    /// or the receiving node receives over remoting only. The last reason is <see cref="LaneProblem"/>, and each is logged.</summary>
    public long LaneFallbacks { get; init; }

    /// <summary>Requests this node's lane refused: malformed, naming no lease offered, with a wrong or used token, or over its connection limit. Each is logged.</summary>
    public long LaneRequestsRefused { get; init; }

    /// <summary>The last reason the lane was not used (it could not listen at start, could not be reached, or was declined), or null.</summary>
    public string? LaneProblem { get; init; }
}
