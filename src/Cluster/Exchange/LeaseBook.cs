using ActorInterp.Sharing;
using Akka.Actor;
using Akka.Event;

namespace ActorInterp.Cluster;

/// <summary>
/// The owner node's side of the exchange: one lease per (range of a buffer, remote node), see
/// <see cref="LeaseKey"/>. A lease holds the node's single borrow of that range (a parked handle), ships the
/// range's bytes in chunks under a window, sends the deliveries, and ends on the node's release, a refused
/// transfer, or the node's loss, giving the borrow back. Exchange thread only.
/// </summary>
internal sealed class LeaseBook(ExchangeContext context, PeerDirectory peers, EndpointDeliveries endpoints)
{
    private readonly Dictionary<long, Lease> _leases = [];
    private readonly Dictionary<LeaseKey, Lease> _byKey = [];
    private long _nextLeaseId = Random.Shared.NextInt64(1, long.MaxValue / 2);

    private ExchangeCounters Counters => context.Counters;

    /// <summary>The leases out: id, node, buffer (tests and diagnostics).</summary>
    internal IReadOnlyList<(long Lease, Address Node, long BufferId)> View() =>
        _leases.Values.Select(l => (l.Id, l.Node, l.BufferId)).ToArray();

    /// <summary>The lease of <paramref name="key"/>'s range to its node, if one is out.</summary>
    internal bool TryFind(LeaseKey key, out Lease lease) => _byKey.TryGetValue(key, out lease!);

    /// <summary>Lends the buffer behind a parked handle to an endpoint: on this node directly, on another through a lease.</summary>
    internal void Lend(ShareRequest request)
    {
        var (handle, target, tag) = request;
        if (target.Node == context.SelfAddress)
        {
            // A parked handle is opened by whichever domain receives it: no copy, no lease.
            endpoints.Local(handle, target.Name, tag, context.SelfAddress);
            return;
        }
        if (!peers.IsMember(target.Node))
        {
            handle.Dispose();
            context.Failures.Record(DeliveryFailure.TargetNodeNotMember,
                $"Not lending buffer #{handle.BufferId} to {target}: {target.Node} is not a member of the cluster (or has left it).");
            return;
        }
        var lease = LeaseFor(handle, target.Node, out var created);
        SendDeliver(lease, target.Name, tag);
        if (created) Pump(lease);
    }

    /// <summary>
    /// The lease of the handle's range of its buffer to <paramref name="node"/>: the existing one (the handle's
    /// weight goes straight back, since the owner counts one borrow per lease), or a new one whose offer is sent
    /// now. Only the range's bytes are offered.
    /// </summary>
    internal Lease LeaseFor(BufferHandle handle, Address node, out bool created)
    {
        if (_byKey.TryGetValue(new LeaseKey(handle.BufferId, handle.Offset, handle.Length, node), out var lease))
        {
            // The node already borrows this buffer and keeps its copy: only the delivery travels.
            handle.Dispose();
            created = false;
            return lease;
        }
        lease = new Lease(_nextLeaseId++, node, peers.Peer(node), handle, context.Options.ChunkSize);
        _leases.Add(lease.Id, lease);
        _byKey.Add(lease.Key, lease);
        ExchangeCounters.Add(ref Counters.TransfersStarted, 1);
        ExchangeCounters.Add(ref Counters.RemoteBorrowsOut, 1);
        PublishBorrowsByNode();
        // Reading the owner's bytes from this thread is safe: the buffer is frozen (it was shared) and the
        // lease's borrow keeps the owner from freeing it; a revoked buffer's memory is never reused.
        var bytes = new ReadOnlySpan<byte>(handle.Buffer.Array, lease.Offset, lease.Length);
        var offer = new Offer(lease.Id, lease.Length, lease.ChunkSize, Checksum64.Compute(bytes), lease.BufferId);
        if (lease.Length > 0 && context.Options.BulkTransfer == BulkTransfer.DataLane && context.Facade.Lane is { } lane)
        {
            // The holder node pulls the bytes over the lane; no chunk goes unless it declines (OnLaneDeclined).
            lease.Grant = lane.Grant(lease.Id, handle.Buffer.Array, lease.Offset, lease.Length);
            offer = offer with { Lane = new LaneTicket(lane.Port, lease.Grant.Token) };
        }
        lease.Peer.Tell(offer, context.Self);
        created = true;
        return lease;
    }

    /// <summary>Sends the next chunks of <paramref name="lease"/>'s bytes, as many as its window allows.</summary>
    internal void Pump(Lease lease)
    {
        if (lease.Grant is not null) return; // offered over the lane
        var array = lease.Handle.Buffer.Array;
        while (lease.NextChunk < lease.ChunkCount && lease.NextChunk - lease.Acked < context.Options.Window)
        {
            var offset = (long)lease.NextChunk * lease.ChunkSize; // within the lent range
            var length = (int)Math.Min(lease.ChunkSize, lease.Length - offset);
            // A copy per chunk: the frame is written later on a remoting thread, possibly after the lease
            // ended and the owner reused its memory.
            var data = array.AsSpan(lease.Offset + (int)offset, length).ToArray();
            lease.Peer.Tell(new Chunk(lease.Id, lease.NextChunk, Checksum64.Compute(data), data), context.Self);
            lease.NextChunk++;
            ExchangeCounters.Add(ref Counters.BytesShipped, length);
        }
    }

    internal void OnChunkAck(ChunkAck ack, Address from)
    {
        if (!OwnLease(ack.LeaseId, ack, from, out var lease)) return;
        if (lease.Grant is { } grant)
        {
            // Pulled over the lane: one acknowledgement of every chunk, once the holder node checked them all.
            if (ack.Received != lease.ChunkCount)
            {
                context.Reject(ack, from, $"it acknowledges {ack.Received} chunks of {lease}, offered over the data lane, where only all {lease.ChunkCount} can be");
                return;
            }
            context.Facade.Lane?.Revoke(grant);
            lease.Grant = null;
            lease.NextChunk = lease.Acked = lease.ChunkCount;
            ExchangeCounters.Add(ref Counters.LaneTransfers, 1);
            return;
        }
        if (ack.Received <= lease.Acked || ack.Received > lease.NextChunk)
        {
            context.Reject(ack, from, $"it acknowledges {ack.Received} chunks of {lease} where {lease.Acked} were acknowledged and {lease.NextChunk} sent");
            return;
        }
        lease.Acked = ack.Received;
        Pump(lease);
    }

    internal void OnRelease(Release release, Address from)
    {
        if (!_leases.TryGetValue(release.LeaseId, out var lease) || lease.Node != from)
        {
            RejectRelease(release, from, "no such lease is out to that node (a duplicated or forged release)");
            return;
        }
        if (release.Deliveries > lease.DeliveriesSent)
        {
            RejectRelease(release, from, $"it names {release.Deliveries} deliveries where {lease.DeliveriesSent} were sent (more than it borrowed)");
            return;
        }
        if (!lease.Complete)
        {
            RejectRelease(release, from, "the transfer is not complete, so no holder can have let go");
            return;
        }
        if (release.Deliveries < lease.DeliveriesSent)
        {
            // A delivery crossed the release: the node will hold again, and release again later.
            return;
        }
        End(lease);
        ExchangeCounters.Add(ref Counters.ReleasesReceived, 1);
        lease.Peer.Tell(new ReleaseAck(lease.Id), context.Self);
    }

    /// <summary>The holder node will not pull the lease's bytes over the lane (for the reason it gives): they go in chunks over remoting.</summary>
    internal void OnLaneDeclined(LaneDeclined declined, Address from)
    {
        if (!OwnLease(declined.LeaseId, declined, from, out var lease)) return;
        if (lease.Grant is not { } grant)
        {
            context.Reject(declined, from, $"{lease} was not offered over the data lane, or its pull was acknowledged already");
            return;
        }
        context.Facade.Lane?.Revoke(grant);
        lease.Grant = null;
        ExchangeCounters.Add(ref Counters.LaneFallbacks, 1);
        Counters.LaneProblem = declined.Reason;
        context.Log.Info("Node {0} declined the data lane for {1} ({2}); its bytes go in chunks over remoting.", lease.Node, lease, declined.Reason);
        Pump(lease);
    }

    internal void OnTransferFailed(TransferFailed failed, Address from)
    {
        if (!OwnLease(failed.LeaseId, failed, from, out var lease)) return;
        End(lease);
        ExchangeCounters.Add(ref Counters.TransfersFailed, 1);
        context.Log.Warning("Node {0} refused {1}: {2}. Its borrow was given back.", lease.Node, lease, failed.Reason);
    }

    /// <summary>Ends every lease out to <paramref name="node"/>, which is gone: its borrows go back to their owners. Returns how many.</summary>
    internal int ReclaimFrom(Address node)
    {
        var reclaimed = 0;
        foreach (var lease in _leases.Values.Where(l => l.Node == node).ToArray())
        {
            End(lease);
            reclaimed++;
        }
        return reclaimed;
    }

    /// <summary>The exchange stops: every borrow it lent goes back to its owner (nobody will release it through this exchange now).</summary>
    internal void ReturnAll()
    {
        foreach (var lease in _leases.Values)
        {
            if (lease.Grant is { } grant) context.Facade.Lane?.Revoke(grant);
            lease.Handle.Dispose();
        }
        _leases.Clear();
        _byKey.Clear();
        Volatile.Write(ref Counters.RemoteBorrowsOut, 0);
        Counters.BorrowsByNode = new Dictionary<string, long>();
    }

    private void SendDeliver(Lease lease, string endpoint, string tag)
    {
        lease.DeliveriesSent++;
        ExchangeCounters.Add(ref Counters.DeliveriesSent, 1);
        lease.Peer.Tell(new Deliver(lease.Id, lease.DeliveriesSent, endpoint, tag), context.Self);
    }

    private bool OwnLease(long leaseId, object message, Address from, out Lease lease)
    {
        if (_leases.TryGetValue(leaseId, out lease!) && lease.Node == from) return true;
        context.Reject(message, from, $"lease {leaseId} is not out to that node");
        return false;
    }

    private void End(Lease lease)
    {
        _leases.Remove(lease.Id);
        _byKey.Remove(lease.Key);
        // No byte of the owner's buffer is read by the lane once the grant is revoked: only then may the borrow go back.
        if (lease.Grant is { } grant) context.Facade.Lane?.Revoke(grant);
        lease.Grant = null;
        // The parked handle is returned on behalf of the node's pseudo-holder, on the owner's thread.
        lease.Handle.Dispose();
        ExchangeCounters.Add(ref Counters.RemoteBorrowsOut, -1);
        PublishBorrowsByNode();
    }

    private void RejectRelease(Release release, Address from, string why)
    {
        ExchangeCounters.Add(ref Counters.ReleasesRejected, 1);
        context.Log.Warning("The buffer exchange of {0} ignored a release of lease {1} ({2} deliveries) from {3}: {4}.",
            context.SelfAddress, release.LeaseId, release.Deliveries, from, why);
    }

    private void PublishBorrowsByNode()
    {
        var byNode = new Dictionary<string, long>();
        foreach (var lease in _leases.Values)
        {
            var name = lease.Node.ToString();
            byNode[name] = byNode.GetValueOrDefault(name) + 1;
        }
        Counters.BorrowsByNode = byNode;
    }
}
