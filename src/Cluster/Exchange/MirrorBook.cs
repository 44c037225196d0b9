using ActorInterp.Actors;
using ActorInterp.Sharing;
using Akka.Actor;
using Akka.Event;

namespace ActorInterp.Cluster;

/// <summary>
/// The holder node's side of the exchange: one local copy (a <see cref="Mirror"/>, owned by the mirror domain)
/// per lease of another node, filled from its chunks and checked, shared to local endpoints, and released with one
/// release per node when its last local holder lets go. A copy whose owner node is gone stays readable (orphaned)
/// and is freed when its holders let go. Exchange thread only.
/// </summary>
internal sealed class MirrorBook(ExchangeContext context, PeerDirectory peers, EndpointDeliveries endpoints)
{
    private readonly Dictionary<(Address Source, long Lease), Mirror> _mirrors = [];
    private readonly HashSet<Mirror> _orphans = [];
    private readonly HashSet<(Address Source, long Lease)> _failed = [];
    // Nodes whose lane could not be reached, and until when their offers are declined at once (a lane that drops
    // connections silently would otherwise cost every transfer the connect timeout).
    private readonly Dictionary<Address, (long Until, string Reason)> _unreachableLanes = [];

    /// <summary>How long after a lane could not be reached this node asks that node for chunks without trying its lane again.</summary>
    internal static readonly TimeSpan UnreachableLaneRetry = TimeSpan.FromSeconds(30);

    /// <summary>Raised when a copy completed: messages waiting for it may be delivered now.</summary>
    internal event Action? CopyCompleted;

    /// <summary>Raised when a copy will never complete (its transfer was refused, or its owner node is gone), after it was dropped.</summary>
    internal event Action<Mirror, DeliveryFailure>? CopyFailed;

    private ExchangeCounters Counters => context.Counters;

    /// <summary>Copies kept now, orphaned ones included.</summary>
    internal int Count => _mirrors.Count + _orphans.Count;

    /// <summary>The copy of lease <paramref name="leaseId"/> of node <paramref name="source"/>, if one is kept (being received, live or releasing).</summary>
    internal bool TryFind(Address source, long leaseId, out Mirror mirror) => _mirrors.TryGetValue((source, leaseId), out mirror!);

    /// <summary>True when the transfer of that lease failed here: its deliveries fail too, and are no breach of the protocol.</summary>
    internal bool HasFailed(Address source, long leaseId) => _failed.Contains((source, leaseId));

    internal void OnOffer(Offer offer, IActorRef sender)
    {
        var from = sender.Path.Address;
        var key = (from, offer.LeaseId);
        var limit = context.Options.MaxIncomingLength;
        if (!peers.IsMember(from))
        {
            context.Reject(offer, from, "the sender is not a member of the cluster");
            return;
        }
        if (_mirrors.ContainsKey(key) || _failed.Contains(key))
        {
            context.Reject(offer, from, $"lease {offer.LeaseId} was offered before");
            return;
        }
        if (offer.Length > limit)
        {
            _failed.Add(key);
            context.Reject(offer, from, $"{offer.Length} bytes is over this node's limit of {limit}");
            sender.Tell(TransferFailed.For(offer.LeaseId, $"{offer.Length} bytes is over the limit of {limit} of {context.SelfAddress}"), context.Self);
            return;
        }
        var copy = SharedBuffer.Allocate(offer.Length);
        var mirror = new Mirror(from, peers.Peer(from), offer, copy);
        var self = context.Self;
        copy.Core.BorrowsReturned = _ => self.Tell(new MirrorIdle(mirror), ActorRefs.NoSender);
        _mirrors.Add(key, mirror);
        if (offer.ChunkCount == 0) Complete(mirror);
        else if (offer.Lane is { } ticket) PullOrDecline(mirror, ticket, sender);
    }

    /// <summary>Pulls an offer's bytes over the owner node's lane, or, when this node sends and receives over remoting only, asks for the chunks.</summary>
    private void PullOrDecline(Mirror mirror, LaneTicket ticket, IActorRef sender)
    {
        if (context.Options.BulkTransfer == BulkTransfer.Remoting)
        {
            Decline(mirror, sender, $"{context.SelfAddress} receives over remoting only (ClusterExchangeOptions.BulkTransfer = Remoting)", quiet: true);
            return;
        }
        if (_unreachableLanes.TryGetValue(mirror.Source, out var unreachable))
        {
            if (System.Diagnostics.Stopwatch.GetTimestamp() < unreachable.Until)
            {
                Decline(mirror, sender, $"{unreachable.Reason}; tried again {UnreachableLaneRetry.TotalSeconds:F0} s after that", quiet: true);
                return;
            }
            _unreachableLanes.Remove(mirror.Source);
        }
        mirror.Pull = new LanePull(mirror, mirror.Copy.Core.Array, ticket, context.Self, context.Facade.LaneFaults);
        mirror.Pull.Start();
    }

    private void Decline(Mirror mirror, IActorRef peer, string reason, bool quiet)
    {
        ExchangeCounters.Add(ref Counters.LaneFallbacks, 1);
        Counters.LaneProblem = reason;
        if (!quiet)
            context.Log.Warning("The buffer exchange of {0} receives lease {1} from {2} in chunks over remoting instead of over the data lane: {3}.",
                context.SelfAddress, mirror.LeaseId, mirror.Source, reason);
        peer.Tell(LaneDeclined.For(mirror.LeaseId, reason), context.Self);
    }

    /// <summary>A pull over the lane ended: the copy completes, the chunks are asked for instead, or the transfer fails.</summary>
    internal void OnLanePullEnded(LanePullEnded ended)
    {
        var mirror = ended.Pull.Mirror;
        // A pull of a copy dropped meanwhile (its node gone, the exchange stopping) has nothing left to do.
        if (mirror.Pull != ended.Pull || mirror.State != MirrorState.Receiving) return;
        mirror.Pull = null;
        switch (ended.Outcome)
        {
            case LanePullOutcome.Pulled:
                mirror.Received = mirror.Offer.ChunkCount;
                ExchangeCounters.Add(ref Counters.BytesReceived, mirror.Offer.Length);
                ExchangeCounters.Add(ref Counters.LaneTransfers, 1);
                mirror.Peer.Tell(new ChunkAck(mirror.LeaseId, mirror.Received), context.Self);
                Complete(mirror);
                break;
            case LanePullOutcome.Unreachable:
                _unreachableLanes[mirror.Source] = (System.Diagnostics.Stopwatch.GetTimestamp() + (long)(UnreachableLaneRetry.TotalSeconds * System.Diagnostics.Stopwatch.Frequency), ended.Reason);
                Decline(mirror, mirror.Peer, ended.Reason, quiet: false);
                break;
            default:
                Fail(mirror, $"its pull over the data lane failed: {ended.Reason}");
                break;
        }
    }

    internal void OnChunk(Chunk chunk, Address from)
    {
        if (!_mirrors.TryGetValue((from, chunk.LeaseId), out var mirror) || mirror.State != MirrorState.Receiving)
        {
            if (!HasFailed(from, chunk.LeaseId)) context.Reject(chunk, from, $"no transfer of lease {chunk.LeaseId} is under way from that node");
            return;
        }
        if (mirror.Pull is not null)
        {
            context.Reject(chunk, from, $"lease {chunk.LeaseId} is being pulled over the data lane, and its chunks were not asked for");
            return;
        }
        var offer = mirror.Offer;
        var offset = (long)chunk.Index * offer.ChunkSize;
        var expected = chunk.Index < offer.ChunkCount ? (int)Math.Min(offer.ChunkSize, offer.Length - offset) : -1;
        string? problem =
            chunk.Index != mirror.Received ? $"chunk {chunk.Index} arrived where chunk {mirror.Received} was due" :
            chunk.Data.Length != expected ? $"chunk {chunk.Index} has {chunk.Data.Length} bytes where the offer announced {expected}" :
            Checksum64.Compute(chunk.Data.Span) != chunk.Checksum ? $"chunk {chunk.Index} does not match its checksum" :
            null;
        if (problem is not null)
        {
            Fail(mirror, problem);
            return;
        }
        chunk.Data.Span.CopyTo(mirror.Copy.Span[(int)offset..]);
        mirror.Received++;
        ExchangeCounters.Add(ref Counters.BytesReceived, chunk.Data.Length);
        mirror.Peer.Tell(new ChunkAck(mirror.LeaseId, mirror.Received), context.Self);
        if (mirror.Received == offer.ChunkCount) Complete(mirror);
    }

    internal void OnDeliver(Deliver deliver, Address from)
    {
        if (!_mirrors.TryGetValue((from, deliver.LeaseId), out var mirror))
        {
            if (HasFailed(from, deliver.LeaseId))
                context.Failures.Record(DeliveryFailure.TransferFailed,
                    $"A buffer from {from} for endpoint '{deliver.Endpoint}' was not delivered: the transfer of lease {deliver.LeaseId} was refused on {context.SelfAddress}.");
            else context.Reject(deliver, from, $"lease {deliver.LeaseId} was never offered by that node");
            return;
        }
        if (deliver.Sequence != mirror.DeliveriesSeen + 1)
        {
            context.Reject(deliver, from, $"delivery {deliver.Sequence} of lease {deliver.LeaseId} arrived where {mirror.DeliveriesSeen + 1} was due");
            return;
        }
        mirror.DeliveriesSeen++;
        if (mirror.State == MirrorState.Receiving)
        {
            mirror.Pending.Add(deliver);
            return;
        }
        endpoints.FromCopy(mirror, deliver);
        ReleaseIfIdle(mirror); // a delivery that found nobody leaves the copy idle again
    }

    /// <summary>
    /// A copy may have no holders left (its ledger said so, or a delivery or message let it go): one release for
    /// the whole node, or, for an orphan, the copy is freed.
    /// </summary>
    internal void ReleaseIfIdle(Mirror mirror)
    {
        if (mirror.State != MirrorState.Live || mirror.HasHolders || mirror.Reserved > 0) return;
        if (mirror.Orphaned)
        {
            Drop(mirror);
            return;
        }
        // The last local holder let go: one release for the whole node, naming every delivery seen, so
        // that the owner node can tell whether a delivery is still on its way here.
        mirror.State = MirrorState.Releasing;
        ExchangeCounters.Add(ref Counters.ReleasesSent, 1);
        mirror.Peer.Tell(new Release(mirror.LeaseId, mirror.DeliveriesSeen), context.Self);
    }

    internal void OnReleaseAck(ReleaseAck ack, Address from)
    {
        if (!_mirrors.TryGetValue((from, ack.LeaseId), out var mirror) || mirror.State != MirrorState.Releasing || mirror.HasHolders)
        {
            context.Reject(ack, from, $"no copy of lease {ack.LeaseId} from that node is waiting for its release to be acknowledged");
            return;
        }
        Drop(mirror);
    }

    /// <summary>
    /// <paramref name="node"/> is gone: its copies with holders become orphans (still readable, freed when their
    /// holders let go), those still being received are abandoned, and the rest are freed. Returns how many were
    /// orphaned and abandoned.
    /// </summary>
    internal (int Orphaned, int Abandoned) OrphanFrom(Address node)
    {
        int orphaned = 0, abandoned = 0;
        var orphanedCopies = new List<OwnedBuffer>();
        foreach (var (key, mirror) in _mirrors.Where(kv => kv.Key.Source == node).ToArray())
        {
            _mirrors.Remove(key);
            if (mirror.State == MirrorState.Live && mirror.HasHolders)
            {
                // The holders keep reading their copy; it is freed here when they let go.
                mirror.Orphaned = true;
                ClusterBufferProxyExtensions.MarkOrphaned(mirror.Copy.Core);
                _orphans.Add(mirror);
                orphanedCopies.Add(mirror.Copy.Core);
                orphaned++;
                continue;
            }
            if (mirror.State == MirrorState.Receiving)
            {
                CopyFailed?.Invoke(mirror, DeliveryFailure.OwnerNodeGone);
                FailPendingDeliveries(mirror, DeliveryFailure.OwnerNodeGone, "its node left before the bytes arrived");
                abandoned++;
            }
            Drop(mirror);
        }
        _failed.RemoveWhere(k => k.Source == node);
        _unreachableLanes.Remove(node);
        // Channel items that lend these copies follow their channel's rule for unbound items (UnboundItemPolicy).
        if (orphanedCopies.Count > 0) OwnerWatch.CopiesOrphaned(orphanedCopies[0].Owner, orphanedCopies, node.ToString());
        ExchangeCounters.Add(ref Counters.OrphanedCopies, orphaned);
        return (orphaned, abandoned);
    }

    /// <summary>The exchange stops: copies are freed once their local holders let go, without a release (their owner nodes reclaim them when this node leaves).</summary>
    internal void DropAll()
    {
        foreach (var mirror in _mirrors.Values.Concat(_orphans).ToArray())
        {
            ClusterBufferProxyExtensions.MarkOrphaned(mirror.Copy.Core);
            mirror.Copy.Core.BorrowsReturned = null;
            mirror.State = MirrorState.Dropped;
            FreeCopy(mirror);
        }
        _mirrors.Clear();
        _orphans.Clear();
        Volatile.Write(ref Counters.LocalCopies, 0);
        Volatile.Write(ref Counters.LocalCopyBytes, 0);
    }

    private void Complete(Mirror mirror)
    {
        if (Checksum64.Compute(mirror.Copy.ReadOnlySpan) != mirror.Offer.Checksum)
        {
            Fail(mirror, "the bytes do not match the announced checksum");
            return;
        }
        mirror.State = MirrorState.Live;
        ExchangeCounters.Add(ref Counters.LocalCopies, 1);
        ExchangeCounters.Add(ref Counters.LocalCopyBytes, mirror.Offer.Length);
        foreach (var deliver in mirror.Pending) endpoints.FromCopy(mirror, deliver);
        mirror.Pending.Clear();
        CopyCompleted?.Invoke();
        ReleaseIfIdle(mirror);
    }

    private void Fail(Mirror mirror, string problem)
    {
        var key = (mirror.Source, mirror.LeaseId);
        _mirrors.Remove(key);
        _failed.Add(key);
        mirror.State = MirrorState.Dropped;
        mirror.Copy.Core.BorrowsReturned = null;
        FreeCopy(mirror);
        ExchangeCounters.Add(ref Counters.TransfersFailed, 1);
        ExchangeCounters.Add(ref Counters.MessagesRejected, 1);
        context.Log.Warning("The buffer exchange of {0} rejected the transfer of lease {1} from {2}: {3}. The borrow fails; the owner node is told.",
            context.SelfAddress, mirror.LeaseId, mirror.Source, problem);
        FailPendingDeliveries(mirror, DeliveryFailure.TransferFailed, "its transfer was refused");
        CopyFailed?.Invoke(mirror, DeliveryFailure.TransferFailed);
        mirror.Peer.Tell(TransferFailed.For(mirror.LeaseId, problem), context.Self);
    }

    /// <summary>Deliveries to endpoints that waited for a copy that will never complete fail, each recorded.</summary>
    private void FailPendingDeliveries(Mirror mirror, DeliveryFailure reason, string why)
    {
        foreach (var deliver in mirror.Pending)
            context.Failures.Record(reason, $"A buffer from {mirror.Source} for endpoint '{deliver.Endpoint}' was not delivered: {why} ({mirror}).");
        mirror.Pending.Clear();
    }

    private void Drop(Mirror mirror)
    {
        var wasLive = mirror.State is MirrorState.Live or MirrorState.Releasing;
        mirror.State = MirrorState.Dropped;
        _mirrors.Remove((mirror.Source, mirror.LeaseId));
        _orphans.Remove(mirror);
        mirror.Copy.Core.BorrowsReturned = null;
        FreeCopy(mirror);
        if (!wasLive) return;
        ExchangeCounters.Add(ref Counters.LocalCopies, -1);
        ExchangeCounters.Add(ref Counters.LocalCopyBytes, -mirror.Offer.Length);
    }

    /// <summary>Frees a copy, first stopping a pull that writes into it (after <see cref="LanePull.Cancel"/> nothing does).</summary>
    private static void FreeCopy(Mirror mirror)
    {
        mirror.Pull?.Cancel();
        mirror.Pull = null;
        mirror.Copy.Dispose();
    }
}
