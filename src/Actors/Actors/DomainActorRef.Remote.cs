using ActorInterp.Actors.Cluster;
using ActorInterp.Domains;
using Akka.Actor;
using Akka.Util;

namespace ActorInterp.Actors;

// The part of DomainActorRef that reaches actors in domains on other nodes of a cluster.
public sealed partial class DomainActorRef
{
    private DomainActorRef(IActorRef actorRef, int domainId, string domainName, CopyPolicy? copyPolicy, RuntimeActors actors)
    {
        ActorRef = actorRef;
        DomainId = domainId;
        DomainName = domainName;
        _copyPolicy = copyPolicy;
        _actors = actors;
    }

    internal RuntimeActors Actors => _actors;

    /// <summary>The id of the actor's domain (on the actor's node).</summary>
    public int DomainId { get; }

    /// <summary>The name of the actor's domain (on the actor's node).</summary>
    public string DomainName { get; }

    /// <summary>
    /// True when the actor runs in a domain on another node of the cluster: <see cref="Domain"/> is not
    /// available here, messages without buffers travel over Akka remoting, and messages with buffers
    /// through this node's <see cref="ClusterExchange"/> (the bytes cross once per node).
    /// </summary>
    public bool IsRemote => _domain is null;

    /// <summary>The address of the node the actor runs on.</summary>
    public Address Node => _domain is null ? ActorRef.Path.Address : ((ExtendedActorSystem)_actors.Runtime.System).Provider.DefaultAddress;

    /// <summary>
    /// A reference to an actor placed in a domain on another node (or on this one), from its full path
    /// (<c>akka.tcp://sys@host:port/user/name</c>) and its domain's id and name on that node. No message is
    /// sent to check that the actor exists: messages to an actor that does not exist become dead letters
    /// there. A reference received in a message is usually the better way to learn one.
    /// </summary>
    /// <param name="runtime">This node's runtime (its actor system resolves the path).</param>
    /// <param name="path">The actor's full path.</param>
    /// <param name="domainId">Its domain's id on its node.</param>
    /// <param name="domainName">Its domain's name on its node.</param>
    /// <param name="copyPolicy">What happens to unshareable values sent to it; the runtime's policy when null.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static DomainActorRef Resolve(DomainRuntime runtime, ActorPath path, int domainId, string domainName, CopyPolicy? copyPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(domainName);
        var actor = ((ExtendedActorSystem)runtime.System).Provider.ResolveActorRef(path);
        return FromResolved(RuntimeActors.For(runtime), actor, domainId, domainName, copyPolicy);
    }

    /// <summary>The local reference when the actor is a known local domain actor, else a remote target.</summary>
    internal static DomainActorRef FromResolved(RuntimeActors actors, IActorRef actor, int domainId, string domainName, CopyPolicy? copyPolicy)
    {
        foreach (var candidate in RuntimeActors.OfSystem(actors.Runtime.System))
            if (candidate.Find(actor) is { } local) return local;
        if (IsLocal(actors.Runtime.System, actor) && actors.Runtime.GetDomain(domainId) is { } domain && domain.Name == domainName)
            return new DomainActorRef(actor, domain, copyPolicy, actors);
        return new DomainActorRef(actor, domainId, domainName, copyPolicy, actors);
    }

    private static bool IsLocal(ActorSystem system, IActorRef actor) =>
        actor is IInternalActorRef { IsLocal: true }
        || actor.Path.Address.HasLocalScope
        || actor.Path.Address == ((ExtendedActorSystem)system).Provider.DefaultAddress;

    /// <inheritdoc />
    public ISurrogate ToSurrogate(ActorSystem system) =>
        new DomainActorRefSurrogate(Akka.Serialization.Serialization.SerializedActorPath(ActorRef), DomainId, DomainName, _copyPolicy);

    private void TellRemote(object message, IActorRef sender)
    {
        var exchange = ClusterExchange.Find(_actors.Runtime);
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
            wire = OutboundWalk.Run(message, plan, from, null, exchange?.ParkingIdFor(Node) ?? 0, CopyPolicy, _actors);
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
        if (ClusterExchange.Find(_actors.Runtime) is not { } exchange) return AskWithoutExchange<T>(message, timeout, cancellationToken);
        // The question goes as a Tell from a temporary actor the other node can answer, with or without buffers.
        var asker = Domain.Current;
        var reply = exchange.BeginRemoteAsk(asker, this);
        try
        {
            TellRemote(message, reply);
        }
        catch
        {
            // Refused at the call, as a local Ask's question is: nothing was sent, nothing waits.
            exchange.EndRemoteAsk(reply);
            throw;
        }
        return AwaitAnswer<T>(reply, exchange.EndRemoteAsk, asker, timeout, cancellationToken);
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
                wire = OutboundWalk.Run(message, plan, from, null, 0, CopyPolicy, _actors);
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
