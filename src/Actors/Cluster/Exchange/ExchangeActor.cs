using System.Collections.Concurrent;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;
using Akka.Event;
using AkkaCluster = Akka.Cluster.Cluster;
using ClusterEvent = Akka.Cluster.ClusterEvent;

namespace ActorInterp.Actors.Cluster;

/// <summary>
/// A node's buffer exchange (<c>/user/actorinterp-exchange</c>), running on the mirror domain's thread. As an
/// owner node it keeps one lease per (range of a buffer, remote node), see <see cref="LeaseKey"/>: a parked
/// handle that holds the node's single borrow of that range, the chunked transfer of its bytes, and the
/// deliveries; as a holder node it keeps one local copy per lease, shares it to local endpoints, and sends one
/// release when the copy's last local holder lets go.
/// </summary>
internal sealed partial class ExchangeActor : UntypedActor
{
    internal const string Name = "actorinterp-exchange";

    private readonly ClusterExchangeOptions _options;
    private readonly ExchangeCounters _counters;
    private readonly ConcurrentDictionary<string, EndpointBinding> _bindings;
    private readonly ClusterExchange _facade;
    private readonly Domain _mirrorDomain;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Address _self;
    private readonly IActorRefProvider _provider;

    // Membership, from Akka.Cluster's events.
    private readonly HashSet<Address> _members = [];
    private readonly Dictionary<Address, IActorRef> _peers = [];

    // Owner side.
    private readonly Dictionary<long, Lease> _leases = [];
    private readonly Dictionary<LeaseKey, Lease> _leaseByBuffer = [];
    private long _nextLeaseId = Random.Shared.NextInt64(1, long.MaxValue / 2);

    // Actor messages sent and not yet answered with MessageDone.
    private readonly Dictionary<long, MessageOut> _messagesOut = [];
    private long _nextMessageId;

    // Holder side.
    private readonly Dictionary<(Address Source, long Lease), Mirror> _mirrors = [];
    private readonly HashSet<Mirror> _orphans = [];
    private readonly HashSet<(Address Source, long Lease)> _failed = [];
    private readonly List<PendingMessage> _pendingMessages = [];

    public ExchangeActor(ClusterExchange facade, ClusterExchangeOptions options, ExchangeCounters counters,
        ConcurrentDictionary<string, EndpointBinding> bindings, Domain mirrorDomain)
    {
        _facade = facade;
        _options = options;
        _counters = counters;
        _bindings = bindings;
        _mirrorDomain = mirrorDomain;
        _self = AkkaCluster.Get(Context.System).SelfAddress;
        _provider = ((ExtendedActorSystem)Context.System).Provider;
    }

    protected override void PreStart() =>
        AkkaCluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent));

    protected override void OnReceive(object message)
    {
        try
        {
            Dispatch(message);
        }
        catch (Exception ex)
        {
            // The exchange's state (leases that hold owners' borrows, copies with holders) must survive a
            // failure on one message; a restart would lose it. The failure is logged with the message.
            _log.Error(ex, "The buffer exchange of {0} failed on {1} from {2}; the exchange keeps running.",
                _self, message.GetType().Name, Sender.Path.Address);
        }
    }

    private void Dispatch(object message)
    {
        switch (message)
        {
            case ShareRequest request: OnShare(request); break;
            case MessageRequest request: OnMessageRequest(request); break;
            case DeliverMessage deliver: OnDeliverMessage(deliver); break;
            case MessageDone done: OnMessageDone(done); break;
            case MirrorIdle idle: OnMirrorIdle(idle.Mirror); break;
            case Offer offer: OnOffer(offer); break;
            case Chunk chunk: OnChunk(chunk); break;
            case ChunkAck ack: OnChunkAck(ack); break;
            case Deliver deliver: OnDeliver(deliver); break;
            case Release release: OnRelease(release); break;
            case ReleaseAck ack: OnReleaseAck(ack); break;
            case TransferFailed failed: OnTransferFailed(failed); break;
            case InspectRequest:
                Sender.Tell(new ExchangeView(_members.ToArray(), _leases.Values.Select(l => (l.Id, l.Node, l.BufferId)).ToArray(), _mirrors.Count + _orphans.Count));
                break;
            case ClusterEvent.MemberRemoved removed: OnNodeRemoved(removed.Member.Address); break;
            case ClusterEvent.IMemberEvent member: _members.Add(member.Member.Address); break;
            default:
                Reject(message, "it is not a message of the remote-borrow protocol");
                break;
        }
    }

    protected override void PostStop()
    {
        AkkaCluster.Get(Context.System).Unsubscribe(Self);
        // Borrows this node lent are given back to their owners (nobody will release them through us now);
        // copies of other nodes' buffers are freed once their local holders let go, without a release: the
        // owner nodes reclaim them when this node leaves.
        foreach (var lease in _leases.Values) lease.Handle.Dispose();
        _leases.Clear();
        _leaseByBuffer.Clear();
        foreach (var mirror in _mirrors.Values.Concat(_orphans).ToArray())
        {
            ClusterBufferProxyExtensions.MarkOrphaned(mirror.Copy.Core);
            mirror.Copy.Core.BorrowsReturned = null;
            mirror.State = MirrorState.Dropped;
            mirror.Copy.Dispose();
        }
        _mirrors.Clear();
        _orphans.Clear();
        Volatile.Write(ref _counters.RemoteBorrowsOut, 0);
        Volatile.Write(ref _counters.LocalCopies, 0);
        Volatile.Write(ref _counters.LocalCopyBytes, 0);
        _counters.BorrowsByNode = new Dictionary<string, long>();
    }

    // ---- owner side ------------------------------------------------------------------------------------

    private void OnShare(ShareRequest request)
    {
        var (handle, target, tag) = request;
        if (target.Node == _self)
        {
            // A parked handle is opened by whichever domain receives it: no copy, no lease.
            DeliverLocally(handle, target.Name, tag, _self);
            return;
        }
        if (!_members.Contains(target.Node))
        {
            handle.Dispose();
            ExchangeCounters.Add(ref _counters.DeliveriesFailed, 1);
            _log.Warning("Not lending buffer #{0} to {1}: {2} is not a member of the cluster (or has left it).", handle.BufferId, target, target.Node);
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
    private Lease LeaseFor(BufferHandle handle, Address node, out bool created)
    {
        if (_leaseByBuffer.TryGetValue(new LeaseKey(handle.BufferId, handle.Offset, handle.Length, node), out var lease))
        {
            // The node already borrows this buffer and keeps its copy: only the delivery travels.
            handle.Dispose();
            created = false;
            return lease;
        }
        lease = new Lease(_nextLeaseId++, node, Peer(node), handle, _options.ChunkSize);
        _leases.Add(lease.Id, lease);
        _leaseByBuffer.Add(lease.Key, lease);
        ExchangeCounters.Add(ref _counters.TransfersStarted, 1);
        ExchangeCounters.Add(ref _counters.RemoteBorrowsOut, 1);
        PublishBorrowsByNode();
        // Reading the owner's bytes from this thread is safe: the buffer is frozen (it was shared) and the
        // lease's borrow keeps the owner from freeing it; a revoked buffer's memory is never reused.
        var bytes = new ReadOnlySpan<byte>(handle.Buffer.Array, lease.Offset, lease.Length);
        lease.Peer.Tell(new Offer(lease.Id, lease.Length, lease.ChunkSize, Checksum64.Compute(bytes), lease.BufferId), Self);
        created = true;
        return lease;
    }

    private void SendDeliver(Lease lease, string endpoint, string tag)
    {
        lease.DeliveriesSent++;
        ExchangeCounters.Add(ref _counters.DeliveriesSent, 1);
        lease.Peer.Tell(new Deliver(lease.Id, lease.DeliveriesSent, endpoint, tag), Self);
    }

    private void Pump(Lease lease)
    {
        var array = lease.Handle.Buffer.Array;
        while (lease.NextChunk < lease.ChunkCount && lease.NextChunk - lease.Acked < _options.Window)
        {
            var offset = (long)lease.NextChunk * lease.ChunkSize; // within the lent range
            var length = (int)Math.Min(lease.ChunkSize, lease.Length - offset);
            // A copy per chunk: the frame is written later on a remoting thread, possibly after the lease
            // ended and the owner reused its memory.
            var data = array.AsSpan(lease.Offset + (int)offset, length).ToArray();
            lease.Peer.Tell(new Chunk(lease.Id, lease.NextChunk, Checksum64.Compute(data), data), Self);
            lease.NextChunk++;
            ExchangeCounters.Add(ref _counters.BytesShipped, length);
        }
    }

    private void OnChunkAck(ChunkAck ack)
    {
        if (!OwnLease(ack.LeaseId, ack, out var lease)) return;
        if (ack.Received <= lease.Acked || ack.Received > lease.NextChunk)
        {
            Reject(ack, $"it acknowledges {ack.Received} chunks of {lease} where {lease.Acked} were acknowledged and {lease.NextChunk} sent");
            return;
        }
        lease.Acked = ack.Received;
        Pump(lease);
    }

    private void OnRelease(Release release)
    {
        var from = Sender.Path.Address;
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
        EndLease(lease);
        ExchangeCounters.Add(ref _counters.ReleasesReceived, 1);
        lease.Peer.Tell(new ReleaseAck(lease.Id), Self);
    }

    private void OnTransferFailed(TransferFailed failed)
    {
        if (!OwnLease(failed.LeaseId, failed, out var lease)) return;
        EndLease(lease);
        ExchangeCounters.Add(ref _counters.TransfersFailed, 1);
        _log.Warning("Node {0} refused {1}: {2}. Its borrow was given back.", lease.Node, lease, failed.Reason);
    }

    private bool OwnLease(long leaseId, object message, out Lease lease)
    {
        if (_leases.TryGetValue(leaseId, out lease!) && lease.Node == Sender.Path.Address) return true;
        Reject(message, $"lease {leaseId} is not out to that node");
        return false;
    }

    private void EndLease(Lease lease)
    {
        _leases.Remove(lease.Id);
        _leaseByBuffer.Remove(lease.Key);
        // The parked handle is returned on behalf of the node's pseudo-holder, on the owner's thread.
        lease.Handle.Dispose();
        ExchangeCounters.Add(ref _counters.RemoteBorrowsOut, -1);
        PublishBorrowsByNode();
    }

    private void RejectRelease(Release release, Address from, string why)
    {
        ExchangeCounters.Add(ref _counters.ReleasesRejected, 1);
        _log.Warning("The buffer exchange of {0} ignored a release of lease {1} ({2} deliveries) from {3}: {4}.",
            _self, release.LeaseId, release.Deliveries, from, why);
    }

    // ---- membership ------------------------------------------------------------------------------------

    private void OnNodeRemoved(Address node)
    {
        if (node == _self) return;
        _members.Remove(node);
        _peers.Remove(node);
        ExchangeCounters.Add(ref _counters.NodesLost, 1);

        // Messages on their way to the node will never be answered: nothing there can be overtaken any more.
        // (Whoever waits for their fate learns of the node's loss on its own.)
        foreach (var (id, sent) in _messagesOut.Where(kv => kv.Value.Node == node).ToArray())
        {
            _messagesOut.Remove(id);
            if (sent.Tracked) _facade.MessageLanded(sent.Target);
        }

        var reclaimed = 0;
        foreach (var lease in _leases.Values.Where(l => l.Node == node).ToArray())
        {
            EndLease(lease);
            reclaimed++;
        }
        if (reclaimed > 0)
        {
            ExchangeCounters.Add(ref _counters.ReclaimsAfterNodeLoss, reclaimed);
            _log.Info("Node {0} is gone; the buffer exchange of {1} reclaimed its {2} borrows.", node, _self, reclaimed);
            Raise(() => _facade.RaiseBorrowsReclaimed(new NodeBorrowsReclaimed(node, reclaimed)));
        }

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
                FailPendingMessages(mirror, "the node that lent its buffers is gone");
                abandoned++;
                ExchangeCounters.Add(ref _counters.DeliveriesFailed, mirror.Pending.Count);
            }
            Drop(mirror);
        }
        _failed.RemoveWhere(k => k.Source == node);
        // Channel items that lend these copies follow their channel's rule for unbound items (UnboundItemPolicy).
        if (orphanedCopies.Count > 0) OwnerWatch.CopiesOrphaned(orphanedCopies[0].Owner, orphanedCopies, node.ToString());
        if (orphaned + abandoned > 0)
        {
            ExchangeCounters.Add(ref _counters.OrphanedCopies, orphaned);
            _log.Warning("Node {0} is gone; {1} copies of its buffers on {2} are orphaned (still readable) and {3} transfers were abandoned.",
                node, orphaned, _self, abandoned);
            Raise(() => _facade.RaiseOwnerNodeLost(new OwnerNodeLost(node, orphaned, abandoned)));
        }
        Raise(() => _facade.RaiseNodeGone(node));
    }

    private void Raise(Action raise)
    {
        try
        {
            raise();
        }
        catch (Exception ex)
        {
            _log.Error(ex, "A handler of a buffer exchange event on {0} threw; the exchange keeps running.", _self);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private IActorRef Peer(Address node)
    {
        if (!_peers.TryGetValue(node, out var peer))
        {
            // A remote reference resolved by path: every message to the node's exchange goes through the one
            // association, so they arrive in the order they were sent.
            peer = _provider.ResolveActorRef(new RootActorPath(node) / "user" / Name);
            _peers[node] = peer;
        }
        return peer;
    }

    private void Reject(object message, string why)
    {
        ExchangeCounters.Add(ref _counters.MessagesRejected, 1);
        _log.Warning("The buffer exchange of {0} rejected {1} from {2}: {3}.", _self, message.GetType().Name, Sender.Path.Address, why);
    }

    private void PublishBorrowsByNode()
    {
        var byNode = new Dictionary<string, long>();
        foreach (var lease in _leases.Values)
        {
            var name = lease.Node.ToString();
            byNode[name] = byNode.GetValueOrDefault(name) + 1;
        }
        _counters.BorrowsByNode = byNode;
    }
}
