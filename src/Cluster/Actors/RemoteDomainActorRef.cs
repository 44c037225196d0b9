using ActorInterp.Actors;
using ActorInterp.Domains;
using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>
/// A reference to an actor placed in a domain on another node. Messages without buffers travel over Akka
/// remoting; messages with buffers through this node's <see cref="ClusterExchange"/> (the bytes cross once
/// per node), and so do later messages to the same actor while one is on its way, so that messages from one
/// node to one actor keep their order. What the wire cannot carry is refused at the call
/// (<see cref="WireLimitException"/>); a drop the wire causes later is reported to the sender
/// (<see cref="DropReports"/>), and an Ask lost that way fails with <see cref="RemoteDeliveryException"/>.
/// </summary>
internal sealed class RemoteDomainActorRef : DomainActorRef
{
    internal RemoteDomainActorRef(IActorRef actorRef, int domainId, string domainName, CopyPolicy? copyPolicy, RuntimeActors actors)
        : base(actorRef, domainId, domainName, copyPolicy, actors)
    {
    }

    public override Domain? Domain => null;

    public override Address Node => ActorRef.Path.Address;

    internal override void TellCore(object message, IActorRef sender) => TellRemote(message, sender);

    internal override Task<T> AskCore<T>(object message, TimeSpan? timeout, CancellationToken cancellationToken) =>
        AskRemote<T>(message, timeout, cancellationToken);

    // Buffers bound for another node are parked at this node's exchange, under that node's parking id.
    private MarshalTarget Target(ClusterExchange? exchange) =>
        exchange is null ? MarshalTarget.ToDomain(null, CopyPolicy, Actors) : MarshalTarget.Parked(exchange.ParkingIdFor(Node), CopyPolicy, Actors);

    public override string ToString() => $"{ActorRef.Path} in domain '{DomainName}' (#{DomainId}) on node {Node}";

    private void TellRemote(object message, IActorRef sender)
    {
        var exchange = ClusterExchange.Find(Actors.Runtime);
        var plan = PlanCache.For(message.GetType());
        if (plan.IsPass)
        {
            SendRemote(exchange, message, sender, null);
            return;
        }
        var from = Domain.Current;
        object wire;
        try
        {
            wire = Marshaller.Prepare(message, from, Target(exchange), plan);
        }
        catch (NotShareableException ex) when (exchange is null && IsBuffer(ex.ValueType))
        {
            throw NoExchange(from);
        }
        SendRemote(exchange, wire, sender, from);
    }

    /// <summary>
    /// Sends a marshalled message: with buffers through the exchange (the target's node builds its local
    /// message from its copies), without over plain remoting, unless a message sent before through the
    /// exchange is still on its way to the target, which a plain one would overtake. Through the exchange, what
    /// the wire cannot carry is refused here (<see cref="WireLimitException"/>), and a drop the wire causes later
    /// is reported to <paramref name="sender"/> (<see cref="DropReports"/>).
    /// </summary>
    private void SendRemote(ClusterExchange? exchange, object wire, IActorRef sender, Domain? from)
    {
        if (wire is MarshalledMessage marshalled) exchange!.SubmitMessage(marshalled, this, sender, from, onDropped: DropReports.ToSender(sender, this));
        else if (exchange is not null && exchange.KeepsOrderThroughExchange(ActorRef.Path)) exchange.SubmitMessage(wire, [], this, sender, from, onDropped: DropReports.ToSender(sender, this));
        else ActorRef.Tell(wire, sender);
    }

    private Task<T> AskRemote<T>(object message, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (ClusterExchange.Find(Actors.Runtime) is not { } exchange) return AskWithoutExchange<T>(message, timeout, cancellationToken);
        // The question goes as a Tell from a temporary actor the other node can answer, with or without buffers.
        var asker = Domain.Current;
        var reply = exchange.RemoteAsks.Begin(asker, this);
        try
        {
            TellRemote(message, reply);
        }
        catch
        {
            // Refused at the call, as a local Ask's question is: nothing was sent, nothing waits.
            exchange.RemoteAsks.End(reply);
            throw;
        }
        return AwaitAnswer<T>(reply, exchange.RemoteAsks.End, asker, timeout, cancellationToken);
    }

    private Task<T> AskWithoutExchange<T>(object message, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var plan = PlanCache.For(message.GetType());
        var wire = message;
        if (!plan.IsPass)
        {
            var from = Domain.Current;
            try
            {
                wire = Marshaller.Prepare(message, from, Target(null), plan);
            }
            catch (NotShareableException ex) when (IsBuffer(ex.ValueType))
            {
                return Task.FromException<T>(NoExchange(from));
            }
        }
        return AskRemoteCore<T>(wire, timeout, cancellationToken);
    }

    private async Task<T> AskRemoteCore<T>(object wire, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        // Akka's own Ask: its temporary actor is reachable from the other node, and the answer (without
        // buffers) arrives over remoting.
        var answer = await ActorRef.Ask<object>(wire, timeout, cancellationToken).ConfigureAwait(false);
        if (answer is Status.Failure failure) throw failure.Cause;
        return (T)answer;
    }

    private static bool IsBuffer(Type type) => type == typeof(ActorInterp.Sharing.SharedBuffer) || type == typeof(ActorInterp.Sharing.BufferProxy);

    private InvalidOperationException NoExchange(Domain? from) => new(
        $"A message with buffers from {(from is null ? "code outside every domain" : $"domain '{from.Name}'")} to {this} needs this node's buffer exchange: start it with ClusterExchange.StartAsync. Nothing was sent.");
}
