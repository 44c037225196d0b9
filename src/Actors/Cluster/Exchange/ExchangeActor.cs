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
/// owner node it keeps one lease per (buffer, remote node): a parked handle that holds the node's single
/// borrow, the chunked transfer, and the deliveries; as a holder node it keeps one local copy per lease,
/// shares it to local endpoints, and sends one release when the copy's last local holder lets go.
/// </summary>
internal sealed class ExchangeActor : UntypedActor
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
    private readonly Dictionary<(long BufferId, Address Node), Lease> _leaseByBuffer = [];
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
            mirror.Copy.Core.IsOrphaned = true;
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
    /// The lease of the handle's buffer to <paramref name="node"/>: the existing one (the handle's weight goes
    /// straight back, since the owner counts one borrow per node), or a new one whose offer is sent now.
    /// </summary>
    private Lease LeaseFor(BufferHandle handle, Address node, out bool created)
    {
        if (_leaseByBuffer.TryGetValue((handle.BufferId, node), out var lease))
        {
            // The node already borrows this buffer and keeps its copy: only the delivery travels.
            handle.Dispose();
            created = false;
            return lease;
        }
        lease = new Lease(_nextLeaseId++, node, Peer(node), handle, _options.ChunkSize);
        _leases.Add(lease.Id, lease);
        _leaseByBuffer.Add((lease.BufferId, lease.Node), lease);
        ExchangeCounters.Add(ref _counters.TransfersStarted, 1);
        ExchangeCounters.Add(ref _counters.RemoteBorrowsOut, 1);
        PublishBorrowsByNode();
        // Reading the owner's bytes from this thread is safe: the buffer is frozen (it was shared) and the
        // lease's borrow keeps the owner from freeing it; a revoked buffer's memory is never reused.
        var bytes = new ReadOnlySpan<byte>(handle.Buffer.Array, 0, lease.Length);
        lease.Peer.Tell(new Offer(lease.Id, lease.Length, lease.ChunkSize, Checksum64.Compute(bytes), lease.BufferId), Self);
        created = true;
        return lease;
    }

    private void OnMessageRequest(MessageRequest request)
    {
        if (!_members.Contains(request.Node))
        {
            if (request.Tracked) _facade.MessageLanded(request.Target);
            foreach (var handle in request.Handles) handle.Dispose();
            Raise(() => request.OnDropped?.Invoke());
            ExchangeCounters.Add(ref _counters.DeliveriesFailed, 1);
            _log.Warning("Not sending a message with {0} buffers to {1}: {2} is not a member of the cluster (or has left it).",
                request.Handles.Length, request.Target, request.Node);
            return;
        }
        var leases = new Lease[request.Handles.Length];
        var sequences = new int[leases.Length];
        var created = new bool[leases.Length];
        for (var i = 0; i < leases.Length; i++)
        {
            leases[i] = LeaseFor(request.Handles[i], request.Node, out created[i]);
            sequences[i] = ++leases[i].DeliveriesSent;
        }
        ExchangeCounters.Add(ref _counters.DeliveriesSent, 1);
        var id = 0L; // no answer wanted
        if (request.Tracked || request.OnDropped is not null)
        {
            id = ++_nextMessageId;
            _messagesOut.Add(id, new MessageOut(request.Target, request.Node, request.Tracked, request.OnDropped));
        }
        Peer(request.Node).Tell(new DeliverMessage(leases.Select(l => l.Id).ToArray(), sequences, request.Target, request.DomainId, request.Sender, request.Payload, id), Self);
        for (var i = 0; i < leases.Length; i++)
            if (created[i]) Pump(leases[i]);
    }

    private void OnMessageDone(MessageDone done)
    {
        if (!_messagesOut.TryGetValue(done.MessageId, out var sent) || sent.Node != Sender.Path.Address)
        {
            Reject(done, $"message {done.MessageId} is not on its way to that node");
            return;
        }
        _messagesOut.Remove(done.MessageId);
        if (sent.Tracked) _facade.MessageLanded(sent.Target);
        if (!done.Delivered && sent.OnDropped is { } onDropped) Raise(onDropped);
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
            var offset = (long)lease.NextChunk * lease.ChunkSize;
            var length = (int)Math.Min(lease.ChunkSize, lease.Length - offset);
            // A copy per chunk: the frame is written later on a remoting thread, possibly after the lease
            // ended and the owner reused its memory.
            var data = array.AsSpan((int)offset, length).ToArray();
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
        _leaseByBuffer.Remove((lease.BufferId, lease.Node));
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

    // ---- holder side -----------------------------------------------------------------------------------

    private void OnOffer(Offer offer)
    {
        var from = Sender.Path.Address;
        var key = (from, offer.LeaseId);
        if (!_members.Contains(from))
        {
            Reject(offer, "the sender is not a member of the cluster");
            return;
        }
        if (_mirrors.ContainsKey(key) || _failed.Contains(key))
        {
            Reject(offer, $"lease {offer.LeaseId} was offered before");
            return;
        }
        if (offer.Length > _options.MaxIncomingLength)
        {
            _failed.Add(key);
            Reject(offer, $"{offer.Length} bytes is over this node's limit of {_options.MaxIncomingLength}");
            Sender.Tell(new TransferFailed(offer.LeaseId, $"{offer.Length} bytes is over the limit of {_options.MaxIncomingLength} of {_self}"), Self);
            return;
        }
        var copy = SharedBuffer.Allocate(offer.Length);
        var mirror = new Mirror(from, Peer(from), offer, copy);
        var self = Self;
        copy.Core.BorrowsReturned = _ => self.Tell(new MirrorIdle(mirror), ActorRefs.NoSender);
        _mirrors.Add(key, mirror);
        if (offer.ChunkCount == 0) Complete(mirror);
    }

    private void OnChunk(Chunk chunk)
    {
        var key = (Sender.Path.Address, chunk.LeaseId);
        if (!_mirrors.TryGetValue(key, out var mirror) || mirror.State != MirrorState.Receiving)
        {
            if (!_failed.Contains(key)) Reject(chunk, $"no transfer of lease {chunk.LeaseId} is under way from that node");
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
        ExchangeCounters.Add(ref _counters.BytesReceived, chunk.Data.Length);
        mirror.Peer.Tell(new ChunkAck(mirror.LeaseId, mirror.Received), Self);
        if (mirror.Received == offer.ChunkCount) Complete(mirror);
    }

    private void Complete(Mirror mirror)
    {
        if (Checksum64.Compute(mirror.Copy.ReadOnlySpan) != mirror.Offer.Checksum)
        {
            Fail(mirror, "the bytes do not match the announced checksum");
            return;
        }
        mirror.State = MirrorState.Live;
        ExchangeCounters.Add(ref _counters.LocalCopies, 1);
        ExchangeCounters.Add(ref _counters.LocalCopyBytes, mirror.Offer.Length);
        foreach (var deliver in mirror.Pending) Deliver(mirror, deliver);
        mirror.Pending.Clear();
        DeliverReadyMessages();
        OnMirrorIdle(mirror);
    }

    private void Fail(Mirror mirror, string problem)
    {
        var key = (mirror.Source, mirror.LeaseId);
        _mirrors.Remove(key);
        _failed.Add(key);
        mirror.State = MirrorState.Dropped;
        mirror.Copy.Core.BorrowsReturned = null;
        mirror.Copy.Dispose();
        ExchangeCounters.Add(ref _counters.TransfersFailed, 1);
        ExchangeCounters.Add(ref _counters.MessagesRejected, 1);
        ExchangeCounters.Add(ref _counters.DeliveriesFailed, mirror.Pending.Count);
        FailPendingMessages(mirror, "the transfer of one of its buffers was rejected");
        _log.Warning("The buffer exchange of {0} rejected the transfer of lease {1} from {2}: {3}. The borrow fails; the owner node is told.",
            _self, mirror.LeaseId, mirror.Source, problem);
        mirror.Peer.Tell(new TransferFailed(mirror.LeaseId, problem), Self);
    }

    private void OnDeliver(Deliver deliver)
    {
        var key = (Sender.Path.Address, deliver.LeaseId);
        if (!_mirrors.TryGetValue(key, out var mirror))
        {
            if (_failed.Contains(key)) ExchangeCounters.Add(ref _counters.DeliveriesFailed, 1);
            else Reject(deliver, $"lease {deliver.LeaseId} was never offered by that node");
            return;
        }
        if (deliver.Sequence != mirror.DeliveriesSeen + 1)
        {
            Reject(deliver, $"delivery {deliver.Sequence} of lease {deliver.LeaseId} arrived where {mirror.DeliveriesSeen + 1} was due");
            return;
        }
        mirror.DeliveriesSeen++;
        if (mirror.State == MirrorState.Receiving)
        {
            mirror.Pending.Add(deliver);
            return;
        }
        Deliver(mirror, deliver);
        OnMirrorIdle(mirror); // a delivery that found nobody leaves the copy idle again
    }

    private void Deliver(Mirror mirror, Deliver deliver)
    {
        mirror.State = MirrorState.Live;
        if (!_bindings.TryGetValue(deliver.Endpoint, out var binding))
        {
            ExchangeCounters.Add(ref _counters.DeliveriesFailed, 1);
            _log.Warning("A buffer from {0} for endpoint '{1}' found no such endpoint bound on {2}.", mirror.Source, deliver.Endpoint, _self);
            return;
        }
        BufferHandle handle;
        try
        {
            handle = mirror.Copy.Share(binding.Domain);
        }
        catch (DomainClosedException ex)
        {
            ExchangeCounters.Add(ref _counters.DeliveriesFailed, 1);
            _log.Warning("A buffer from {0} for endpoint '{1}' was not delivered: {2}", mirror.Source, deliver.Endpoint, ex.Message);
            return;
        }
        Post(binding, new RemoteDelivery(handle, deliver.Tag, mirror.Source, deliver.Endpoint));
    }

    private void OnDeliverMessage(DeliverMessage message)
    {
        var from = Sender.Path.Address;
        var mirrors = new Mirror?[message.LeaseIds.Length];
        var expected = new Dictionary<Mirror, int>();
        string? problem = message.LeaseIds.Length != message.Sequences.Length ? "its lease and sequence lists differ in length" : null;
        for (var i = 0; i < mirrors.Length && problem is null; i++)
        {
            var key = (from, message.LeaseIds[i]);
            if (!_mirrors.TryGetValue(key, out var mirror))
            {
                if (!_failed.Contains(key)) problem = $"lease {message.LeaseIds[i]} was never offered by that node";
                continue;
            }
            var next = expected.GetValueOrDefault(mirror, mirror.DeliveriesSeen) + 1;
            if (message.Sequences[i] != next) problem = $"delivery {message.Sequences[i]} of lease {message.LeaseIds[i]} arrived where {next} was due";
            expected[mirror] = next;
            mirrors[i] = mirror;
        }
        if (problem is not null)
        {
            Reject(message, problem);
            Landed(message, from, delivered: false);
            return;
        }
        // Every copy counts the delivery, delivered or not, so that the node's releases name what was sent.
        foreach (var (mirror, seen) in expected) mirror.DeliveriesSeen = seen;
        if (mirrors.Any(m => m is null))
        {
            ExchangeCounters.Add(ref _counters.DeliveriesFailed, 1);
            _log.Warning("A message for {0} from {1} was not delivered: the transfer of one of its buffers failed.", message.Target, from);
            foreach (var mirror in expected.Keys) OnMirrorIdle(mirror);
            Landed(message, from, delivered: false);
            return;
        }
        var ready = mirrors.Select(m => m!).ToArray();
        // Messages to one target are delivered in the order they arrived: one still waiting for its bytes
        // holds back those behind it.
        if (ready.Any(m => m.State == MirrorState.Receiving) || _pendingMessages.Any(p => p.Message.Target == message.Target))
        {
            foreach (var m in ready) m.Reserved++;
            _pendingMessages.Add(new PendingMessage(message, from, ready));
            return;
        }
        DeliverMessageNow(message, from, ready);
        foreach (var m in expected.Keys) OnMirrorIdle(m);
    }

    /// <summary>
    /// Builds the target's local message: a handle per buffer, shared from this node's copy to the target's
    /// domain, and the body, rebuilt on the target's thread when its mailbox opens the message.
    /// </summary>
    private void DeliverMessageNow(DeliverMessage message, Address from, Mirror[] mirrors)
    {
        var delivered = false;
        try
        {
            delivered = DeliverMessageTo(message, mirrors);
        }
        finally
        {
            Landed(message, from, delivered);
        }
    }

    /// <summary>Tells the sending node that <paramref name="message"/> is in its target's mailbox, or was dropped: its later messages to the target may take plain remoting again.</summary>
    private void Landed(DeliverMessage message, Address from, bool delivered)
    {
        if (message.MessageId != 0 && _members.Contains(from)) Peer(from).Tell(new MessageDone(message.MessageId, delivered), Self);
    }

    /// <summary>Tells the target its message, or logs why it cannot; true when told (a stopped target's dead letters give the borrows back).</summary>
    private bool DeliverMessageTo(DeliverMessage message, Mirror[] mirrors)
    {
        foreach (var m in mirrors) m.State = MirrorState.Live; // a copy waiting for its release's answer is held again
        if (!ActorPath.TryParse(message.Target, out var path) || path.Address != _self)
        {
            ExchangeCounters.Add(ref _counters.DeliveriesFailed, 1);
            _log.Warning("A message from another node names {0}, which is not an actor of {1}; it was dropped.", message.Target, _self);
            return false;
        }
        var target = _provider.ResolveActorRef(path);
        if (!TryFindReceiver(target, message.DomainId, mirrors.Length, out var domain))
        {
            ExchangeCounters.Add(ref _counters.DeliveriesFailed, 1);
            _log.Warning("A message with {0} buffers for {1} (domain #{2}) found no such domain actor, or no Ask waiting, on {3}; it was dropped.",
                mirrors.Length, message.Target, message.DomainId, _self);
            return false;
        }
        var links = new BufferLink[mirrors.Length];
        try
        {
            for (var i = 0; i < mirrors.Length; i++) links[i] = new BufferLink(mirrors[i].Copy, mirrors[i].Copy.Share(domain!));
        }
        catch (Exception ex) when (ex is DomainClosedException or ArgumentException)
        {
            // A closing domain, or the mirror domain itself (it owns the copies, so it cannot borrow them).
            foreach (var link in links) link?.Handle.Dispose();
            ExchangeCounters.Add(ref _counters.DeliveriesFailed, 1);
            _log.Warning("A message with buffers for {0} was not delivered: {1}", message.Target, ex.Message);
            return false;
        }
        var actors = RuntimeActors.For(_facade.Runtime);
        var body = new RemotePayload(message.Payload, Context.System);
        var marshalled = new MarshalledMessage(body, PlanCache.For(typeof(RemotePayload)), links, actors) { Target = domain };
        var sender = message.Sender.Length > 0 && ActorPath.TryParse(message.Sender, out var senderPath)
            ? _provider.ResolveActorRef(senderPath)
            : ActorRefs.NoSender;
        // A stopped target sends the message to dead letters, where its borrows are given back.
        target.Tell(marshalled, sender);
        ExchangeCounters.Add(ref _counters.DeliveriesReceived, 1);
        return true;
    }

    /// <summary>
    /// The domain that receives a message for <paramref name="target"/>: a domain actor's own, or the asking
    /// domain of an Ask waiting for its answer (null for an Ask from outside every domain, which can receive
    /// an answer without buffers only: with buffers, it fails). False when no such receiver is here.
    /// </summary>
    private bool TryFindReceiver(IActorRef target, int domainId, int bufferCount, out Domain? domain)
    {
        if (target is AskReplyRef ask)
        {
            domain = ask.Asker;
            if (domain is not null) return domain.Id == domainId;
            if (bufferCount == 0) return true;
            ask.Fail(new NotShareableException("(outside every domain)", "answer", typeof(BufferProxy),
                "The answer to an Ask from code outside every domain holds buffers, which only a domain can receive; it was dropped and its buffers given back. Ask from inside a domain (Domain.CallAsync) to receive buffers."));
            return false;
        }
        var local = RuntimeActors.OfSystem(Context.System).Select(a => a.Find(target)).FirstOrDefault(r => r is not null);
        domain = local is null || local.IsRemote || local.DomainId != domainId ? null : local.Domain;
        return domain is not null;
    }

    /// <summary>Delivers waiting messages whose copies are all complete, keeping each target's messages in order.</summary>
    private void DeliverReadyMessages()
    {
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pending in _pendingMessages.ToArray())
        {
            if (blocked.Contains(pending.Message.Target)) continue;
            if (pending.Mirrors.Any(m => m.State == MirrorState.Receiving))
            {
                blocked.Add(pending.Message.Target);
                continue;
            }
            _pendingMessages.Remove(pending);
            foreach (var m in pending.Mirrors) m.Reserved--;
            DeliverMessageNow(pending.Message, pending.From, pending.Mirrors);
            foreach (var m in pending.Mirrors.Distinct()) OnMirrorIdle(m);
        }
    }

    private void FailPendingMessages(Mirror mirror, string why)
    {
        foreach (var pending in _pendingMessages.Where(p => p.Mirrors.Contains(mirror)).ToArray())
        {
            _pendingMessages.Remove(pending);
            foreach (var m in pending.Mirrors) m.Reserved--;
            ExchangeCounters.Add(ref _counters.DeliveriesFailed, 1);
            _log.Warning("A message for {0} was not delivered: {1}.", pending.Message.Target, why);
            Landed(pending.Message, pending.From, delivered: false);
            foreach (var m in pending.Mirrors.Distinct())
                if (m != mirror) OnMirrorIdle(m);
        }
        DeliverReadyMessages();
    }

    private sealed record PendingMessage(DeliverMessage Message, Address From, Mirror[] Mirrors);

    private readonly record struct MessageOut(string Target, Address Node, bool Tracked, Action? OnDropped);

    private void DeliverLocally(BufferHandle handle, string endpoint, string tag, Address from)
    {
        if (!_bindings.TryGetValue(endpoint, out var binding))
        {
            handle.Dispose();
            ExchangeCounters.Add(ref _counters.DeliveriesFailed, 1);
            _log.Warning("A buffer for endpoint '{0}' found no such endpoint bound on {1}.", endpoint, _self);
            return;
        }
        Post(binding, new RemoteDelivery(handle, tag, from, endpoint));
    }

    private void Post(EndpointBinding binding, RemoteDelivery delivery)
    {
        try
        {
            binding.Domain.Post(() =>
            {
                try
                {
                    binding.Handler(delivery);
                }
                catch
                {
                    // The handler failed: a handle it did not open goes back now (the failure itself is
                    // logged and counted by the domain as a failed pending call).
                    delivery.Handle.Dispose();
                    throw;
                }
            });
            ExchangeCounters.Add(ref _counters.DeliveriesReceived, 1);
        }
        catch (DomainClosedException ex)
        {
            delivery.Handle.Dispose();
            ExchangeCounters.Add(ref _counters.DeliveriesFailed, 1);
            _log.Warning("A buffer for endpoint '{0}' was not delivered: {1}", delivery.Endpoint, ex.Message);
        }
    }

    private void OnMirrorIdle(Mirror mirror)
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
        ExchangeCounters.Add(ref _counters.ReleasesSent, 1);
        mirror.Peer.Tell(new Release(mirror.LeaseId, mirror.DeliveriesSeen), Self);
    }

    private void OnReleaseAck(ReleaseAck ack)
    {
        var key = (Sender.Path.Address, ack.LeaseId);
        if (!_mirrors.TryGetValue(key, out var mirror) || mirror.State != MirrorState.Releasing || mirror.HasHolders)
        {
            Reject(ack, $"no copy of lease {ack.LeaseId} from that node is waiting for its release to be acknowledged");
            return;
        }
        Drop(mirror);
    }

    private void Drop(Mirror mirror)
    {
        var wasLive = mirror.State is MirrorState.Live or MirrorState.Releasing;
        mirror.State = MirrorState.Dropped;
        _mirrors.Remove((mirror.Source, mirror.LeaseId));
        _orphans.Remove(mirror);
        mirror.Copy.Core.BorrowsReturned = null;
        mirror.Copy.Dispose();
        if (!wasLive) return;
        ExchangeCounters.Add(ref _counters.LocalCopies, -1);
        ExchangeCounters.Add(ref _counters.LocalCopyBytes, -mirror.Offer.Length);
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
        foreach (var (key, mirror) in _mirrors.Where(kv => kv.Key.Source == node).ToArray())
        {
            _mirrors.Remove(key);
            if (mirror.State == MirrorState.Live && mirror.HasHolders)
            {
                // The holders keep reading their copy; it is freed here when they let go.
                mirror.Orphaned = true;
                mirror.Copy.Core.IsOrphaned = true;
                _orphans.Add(mirror);
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
