using ActorInterp.Actors;
using ActorInterp.Domains;
using Akka.Actor;

namespace ActorInterp.Cluster;

// Actor messages with buffers to domain actors on other nodes, and the order of the messages that follow them.
public sealed partial class ClusterExchange
{
    private readonly InFlightMessages _inFlight = new();

    /// <summary>
    /// Sends an actor message whose buffers were lent (parked for <paramref name="target"/>'s node) to a
    /// domain actor on another node: its body is serialized here, on the sender's thread, and the exchange
    /// sends it after (or with) the buffers' bytes. On failure every borrow is given back and nothing is sent.
    /// </summary>
    /// <exception cref="NotShareableException">The message's body cannot be serialized.</exception>
    /// <exception cref="WireLimitException">The message is over the wire's limits (see <see cref="OutgoingMessages"/>).</exception>
    /// <exception cref="ObjectDisposedException">The exchange stopped.</exception>
    internal void SubmitMessage(MarshalledMessage marshalled, DomainActorRef target, IActorRef? sender, Domain? from, bool tracked = true, Action<MessageDrop>? onDropped = null)
    {
        var links = marshalled.TakeOver();
        SubmitMessage(marshalled.Graph, links, target, sender, from, tracked, onDropped);
    }

    /// <summary>
    /// As above, for a message graph and the borrows lent for it (none for a message that only needs to keep
    /// its place in line behind messages with buffers, as channel items do). <paramref name="tracked"/>: the
    /// target may get messages over plain remoting too, which must not overtake this one (see
    /// <see cref="KeepsOrderThroughExchange"/>); false for targets that get everything through the exchange.
    /// <paramref name="onDropped"/>: run on the exchange's thread if the message is dropped after the call.
    /// </summary>
    /// <exception cref="NotShareableException">The message's body cannot be serialized.</exception>
    /// <exception cref="WireLimitException">The message is over the wire's limits.</exception>
    /// <exception cref="ObjectDisposedException">The exchange stopped.</exception>
    internal void SubmitMessage(object graph, BufferLink[] links, DomainActorRef target, IActorRef? sender, Domain? from, bool tracked = true, Action<MessageDrop>? onDropped = null)
    {
        var request = OutgoingMessages.Build(this, graph, links, target, sender, from, tracked, onDropped);
        if (Volatile.Read(ref _stopped) != 0)
        {
            foreach (var handle in request.Handles) handle.Dispose();
            throw new ObjectDisposedException(nameof(ClusterExchange), $"The buffer exchange of {SelfAddress} was stopped; buffers can no longer be lent to other nodes.");
        }
        // Counted before the exchange sees the request, so that the sender's next message to the target already
        // follows it; the exchange calls MessageLanded once for each.
        if (request.Tracked) _inFlight.Sent(request.Target);
        _actor.Tell(request, ActorRefs.NoSender);
    }

    /// <summary>
    /// True when a message without buffers to <paramref name="target"/> must go through the exchange to keep
    /// its place behind messages sent through it before: one is still on its way. Plain remoting would let it
    /// overtake them (the exchange delivers after the buffers' bytes arrived). Any thread; cheap while no
    /// message is on its way.
    /// </summary>
    internal bool KeepsOrderThroughExchange(ActorPath target) => !_inFlight.None && _inFlight.AnyTo(FullPath(target));

    /// <summary>A tracked message sent through the exchange to <paramref name="target"/> reached its mailbox, was dropped, or its node is gone.</summary>
    internal void MessageLanded(string target) => _inFlight.Landed(target);

    /// <summary>The full path of <paramref name="path"/>, with this node's address for a local one: as the frames name actors.</summary>
    internal string FullPath(ActorPath path) => path.Address.HasLocalScope ? path.ToStringWithAddress(SelfAddress) : path.ToString();
}
