using ActorInterp.Actors;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>
/// The exchange's part that carries actor messages with buffers (and those that keep their place behind them).
/// As the sending node, it sends each with its leases and learns its fate (<see cref="MessageDone"/>); as the
/// target's node, it delivers each once every copy it needs is complete, in the order they arrived per target.
/// Exchange thread only.
/// </summary>
internal sealed class MessageRelay
{
    private readonly ExchangeContext _context;
    private readonly PeerDirectory _peers;
    private readonly LeaseBook _leases;
    private readonly MirrorBook _mirrors;

    // Actor messages sent and not yet answered with MessageDone.
    private readonly Dictionary<long, MessageOut> _messagesOut = [];
    private long _nextMessageId;

    // Messages received that wait for copies still being received (or for an earlier message to their target).
    private readonly List<PendingMessage> _pendingMessages = [];

    internal MessageRelay(ExchangeContext context, PeerDirectory peers, LeaseBook leases, MirrorBook mirrors)
    {
        _context = context;
        _peers = peers;
        _leases = leases;
        _mirrors = mirrors;
        mirrors.CopyCompleted += DeliverReadyMessages;
        mirrors.CopyFailed += FailMessagesWaitingFor;
    }

    private ExchangeCounters Counters => _context.Counters;

    private ClusterExchange Facade => _context.Facade;

    // ---- sending node ----------------------------------------------------------------------------------

    internal void OnMessageRequest(MessageRequest request)
    {
        if (!_peers.IsMember(request.Node))
        {
            DropRequest(request, DeliveryFailure.TargetNodeNotMember,
                new MessageDrop(false, $"its target's node {request.Node} is not a member of the cluster (or has left it)"));
            return;
        }
        // The sequence numbers this message will carry, before any lease is made or counted: the frame is checked
        // whole, with the serializer's rules, so that a frame that could not be written is dropped here, where
        // its sender can be told and its borrows given back, and never on the wire.
        var sequences = new int[request.Handles.Length];
        var next = new Dictionary<LeaseKey, int>();
        for (var i = 0; i < sequences.Length; i++)
        {
            var handle = request.Handles[i];
            var key = new LeaseKey(handle.BufferId, handle.Offset, handle.Length, request.Node);
            var sent = next.TryGetValue(key, out var n) ? n
                : _leases.TryFind(key, out var existing) ? existing.DeliveriesSent : 0;
            next[key] = sequences[i] = unchecked(sent + 1);
        }
        var frame = new DeliverMessage(new long[sequences.Length], sequences, request.Target, request.DomainId, request.Sender, request.Payload, 0);
        if (FrameRules.Check(frame) is { } problem)
        {
            DropRequest(request, DeliveryFailure.FrameRefused, new MessageDrop(true, $"its frame could not be written ({problem})"));
            return;
        }
        var leases = new Lease[request.Handles.Length];
        var created = new bool[leases.Length];
        for (var i = 0; i < leases.Length; i++)
        {
            leases[i] = _leases.LeaseFor(request.Handles[i], request.Node, out created[i]);
            leases[i].DeliveriesSent = sequences[i];
        }
        ExchangeCounters.Add(ref Counters.DeliveriesSent, 1);
        var id = 0L; // no answer wanted
        if (request.Tracked || request.OnDropped is not null)
        {
            id = ++_nextMessageId;
            _messagesOut.Add(id, new MessageOut(request.Target, request.Node, request.Tracked, request.OnDropped));
        }
        _peers.Peer(request.Node).Tell(frame with { LeaseIds = leases.Select(l => l.Id).ToArray(), MessageId = id }, _context.Self);
        for (var i = 0; i < leases.Length; i++)
            if (created[i]) _leases.Pump(leases[i]);
    }

    internal void OnMessageDone(MessageDone done, Address from)
    {
        if (!_messagesOut.TryGetValue(done.MessageId, out var sent) || sent.Node != from)
        {
            _context.Reject(done, from, $"message {done.MessageId} is not on its way to that node");
            return;
        }
        _messagesOut.Remove(done.MessageId);
        if (sent.Tracked) Facade.MessageLanded(sent.Target);
        if (done.Fate == MessageFate.Delivered || sent.OnDropped is not { } onDropped) return;
        var drop = done.Fate == MessageFate.TransferRefused
            ? new MessageDrop(true, $"its target's node {sent.Node} refused the transfer of one of its buffers (over that node's size limit, or corrupt on the way; its log says which)")
            : new MessageDrop(false, $"its target's node {sent.Node} dropped it: no such domain actor (or no Ask waiting) there, or its domain is closing");
        _context.RunHandler(() => onDropped(drop));
    }

    /// <summary>
    /// <paramref name="node"/> is gone: messages on their way to it will never be answered, so nothing there can
    /// be overtaken any more. (Whoever waits for their fate learns of the node's loss on its own.)
    /// </summary>
    internal void ForgetMessagesTo(Address node)
    {
        foreach (var (id, sent) in _messagesOut.Where(kv => kv.Value.Node == node).ToArray())
        {
            _messagesOut.Remove(id);
            if (sent.Tracked) Facade.MessageLanded(sent.Target);
        }
    }

    /// <summary>Drops a message before it is sent: its borrows go back, later messages to its target may take plain remoting again, and whoever waits for its fate learns it.</summary>
    private void DropRequest(MessageRequest request, DeliveryFailure reason, MessageDrop drop)
    {
        if (request.Tracked) Facade.MessageLanded(request.Target);
        foreach (var handle in request.Handles) handle.Dispose();
        if (request.OnDropped is { } onDropped) _context.RunHandler(() => onDropped(drop));
        _context.Failures.Record(reason,
            $"Not sending a message with {request.Handles.Length} buffers to {request.Target}: {drop.Reason}. Its borrows were given back.");
    }

    // ---- target's node ---------------------------------------------------------------------------------

    internal void OnDeliverMessage(DeliverMessage message, Address from)
    {
        var mirrors = new Mirror?[message.LeaseIds.Length];
        var expected = new Dictionary<Mirror, int>();
        string? problem = message.LeaseIds.Length != message.Sequences.Length ? "its lease and sequence lists differ in length" : null;
        for (var i = 0; i < mirrors.Length && problem is null; i++)
        {
            if (!_mirrors.TryFind(from, message.LeaseIds[i], out var mirror))
            {
                if (!_mirrors.HasFailed(from, message.LeaseIds[i])) problem = $"lease {message.LeaseIds[i]} was never offered by that node";
                continue;
            }
            var next = expected.GetValueOrDefault(mirror, mirror.DeliveriesSeen) + 1;
            if (message.Sequences[i] != next) problem = $"delivery {message.Sequences[i]} of lease {message.LeaseIds[i]} arrived where {next} was due";
            expected[mirror] = next;
            mirrors[i] = mirror;
        }
        if (problem is not null)
        {
            _context.Reject(message, from, problem);
            Landed(message, from, MessageFate.Dropped);
            return;
        }
        // Every copy counts the delivery, delivered or not, so that the node's releases name what was sent.
        foreach (var (mirror, seen) in expected) mirror.DeliveriesSeen = seen;
        if (mirrors.Any(m => m is null))
        {
            _context.Failures.Record(DeliveryFailure.TransferFailed,
                $"A message for {message.Target} from {from} was not delivered: the transfer of one of its buffers failed.");
            foreach (var mirror in expected.Keys) _mirrors.ReleaseIfIdle(mirror);
            Landed(message, from, MessageFate.TransferRefused);
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
        foreach (var m in expected.Keys) _mirrors.ReleaseIfIdle(m);
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
            foreach (var m in pending.Mirrors.Distinct()) _mirrors.ReleaseIfIdle(m);
        }
    }

    /// <summary>Messages waiting for <paramref name="mirror"/>, whose copy will never complete, fail; those behind them may go on.</summary>
    private void FailMessagesWaitingFor(Mirror mirror, DeliveryFailure reason)
    {
        var why = reason == DeliveryFailure.OwnerNodeGone
            ? "the node that lent its buffers is gone"
            : "the transfer of one of its buffers was rejected";
        foreach (var pending in _pendingMessages.Where(p => p.Mirrors.Contains(mirror)).ToArray())
        {
            _pendingMessages.Remove(pending);
            foreach (var m in pending.Mirrors) m.Reserved--;
            _context.Failures.Record(reason, $"A message for {pending.Message.Target} was not delivered: {why}.");
            Landed(pending.Message, pending.From, MessageFate.TransferRefused); // its node is gone (no answer), or refused a transfer
            foreach (var m in pending.Mirrors.Distinct())
                if (m != mirror) _mirrors.ReleaseIfIdle(m);
        }
        DeliverReadyMessages();
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
            Landed(message, from, delivered ? MessageFate.Delivered : MessageFate.Dropped);
        }
    }

    /// <summary>Tells the sending node what became of <paramref name="message"/> (<paramref name="fate"/>): its later messages to the target may take plain remoting again, and a drop reaches whoever waits for it.</summary>
    private void Landed(DeliverMessage message, Address from, MessageFate fate)
    {
        if (message.MessageId != 0 && _peers.IsMember(from)) _peers.Peer(from).Tell(new MessageDone(message.MessageId, fate), _context.Self);
    }

    /// <summary>Tells the target its message, or records why it cannot; true when told (a stopped target's dead letters give the borrows back).</summary>
    private bool DeliverMessageTo(DeliverMessage message, Mirror[] mirrors)
    {
        foreach (var m in mirrors) m.State = MirrorState.Live; // a copy waiting for its release's answer is held again
        var self = _context.SelfAddress;
        if (!ActorPath.TryParse(message.Target, out var path) || path.Address != self)
        {
            _context.Failures.Record(DeliveryFailure.NoSuchReceiver,
                $"A message from another node names {message.Target}, which is not an actor of {self}; it was dropped.");
            return false;
        }
        var target = _context.Provider.ResolveActorRef(path);
        if (!TryFindReceiver(target, message.DomainId, mirrors.Length, out var domain))
        {
            _context.Failures.Record(DeliveryFailure.NoSuchReceiver,
                $"A message with {mirrors.Length} buffers for {message.Target} (domain #{message.DomainId}) found no such domain actor, or no Ask waiting, on {self}; it was dropped.");
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
            _context.Failures.Record(DeliveryFailure.ReceiverUnavailable, $"A message with buffers for {message.Target} was not delivered: {ex.Message}");
            return false;
        }
        var actors = RuntimeActors.For(Facade.Runtime);
        var body = new RemotePayload(message.Payload, _context.System);
        var marshalled = new MarshalledMessage(body, PlanCache.For(typeof(RemotePayload)), links, actors) { Target = domain };
        var sender = message.Sender.Length > 0 && ActorPath.TryParse(message.Sender, out var senderPath)
            ? _context.Provider.ResolveActorRef(senderPath)
            : ActorRefs.NoSender;
        // A stopped target sends the message to dead letters, where its borrows are given back.
        target.Tell(marshalled, sender);
        ExchangeCounters.Add(ref Counters.DeliveriesReceived, 1);
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
        var local = RuntimeActors.OfSystem(_context.System).Select(a => a.Find(target)).FirstOrDefault(r => r is not null);
        domain = local is null || local.IsRemote || local.DomainId != domainId ? null : local.Domain;
        return domain is not null;
    }

    private sealed record PendingMessage(DeliverMessage Message, Address From, Mirror[] Mirrors);

    private readonly record struct MessageOut(string Target, Address Node, bool Tracked, Action<MessageDrop>? OnDropped);
}
