using ActorInterp.Actors;
using Akka.Actor;
using Akka.Util;

namespace ActorInterp.Cluster;

/// <summary>
/// The cluster's remote layer on one actor system (an Akka extension, installed into the Actors layer's own
/// extension): it makes references to domain actors on other nodes, carries channel ends to them, and knows
/// the system's running <see cref="ClusterExchange"/>. Loaded with the system when its configuration comes
/// from <see cref="ClusterNodeConfig.Create"/> (through <c>akka.extensions</c>), and at the latest when the
/// exchange starts. Thread-safe.
/// </summary>
internal sealed class ClusterRemoteLayer : IRemoteLayer, IExtension
{
    private readonly ActorSystem _system;
    private volatile ClusterExchange? _exchange;

    private ClusterRemoteLayer(ActorSystem system) => _system = system;

    /// <summary>The layer of <paramref name="system"/>, installed on first use.</summary>
    internal static ClusterRemoteLayer Of(ActorSystem system) => system.WithExtension<ClusterRemoteLayer, ClusterRemoteLayerId>();

    /// <summary>The running exchange of the system, if any.</summary>
    internal ClusterExchange? Exchange => _exchange is { IsStopped: false } exchange ? exchange : null;

    /// <summary>The running exchange of <paramref name="system"/>, if any, without installing the layer.</summary>
    internal static ClusterExchange? ExchangeOf(ActorSystem system) =>
        ActorSystemLayer.Of(system).Remote is ClusterRemoteLayer layer ? layer.Exchange : null;

    /// <exception cref="InvalidOperationException">An exchange runs already on the system.</exception>
    internal void Attach(ClusterExchange exchange)
    {
        lock (this)
        {
            if (Exchange is not null)
                throw new InvalidOperationException($"A buffer exchange runs already on actor system '{_system.Name}'; start one per node.");
            _exchange = exchange;
        }
    }

    internal void Detach(ClusterExchange exchange)
    {
        lock (this)
        {
            if (ReferenceEquals(_exchange, exchange)) _exchange = null;
        }
    }

    public IActorRef AnswerRefFor(IActorRef sender) => RemoteAnswerRef.Wrap(sender, this);

    /// <summary>The reference for a resolved actor: this node's own, or one to another node (the layer is installed here).</summary>
    internal static DomainActorRef Resolve(RuntimeActors actors, IActorRef actor, int domainId, string domainName, CopyPolicy? copyPolicy) =>
        DomainActorRef.FromResolved(actors, actor, domainId, domainName, copyPolicy)
        ?? new RemoteDomainActorRef(actor, domainId, domainName, copyPolicy, actors);

    public DomainActorRef RemoteActor(RuntimeActors actors, IActorRef actor, int domainId, string domainName, CopyPolicy? copyPolicy) =>
        new RemoteDomainActorRef(actor, domainId, domainName, copyPolicy, actors);

    public ISurrogate SenderSurrogate<T>(DomainChannel<T> channel, ActorSystem system) =>
        new ChannelSenderSurrogate<T>(Running(channel.Name, "send").ChannelPorts.InletFor(channel).ToSurrogate(system), channel.Name, channel.Capacity, channel.Id);

    public ISurrogate ReceiverSurrogate<T>(DomainChannel<T> channel, ActorSystem system) =>
        new ChannelReceiverSurrogate<T>(Running(channel.Name, "receive").ChannelPorts.OutletFor(channel).ToSurrogate(system), channel.Name, channel.Id);

    private ClusterExchange Running(string channel, string end) => Exchange ?? throw new InvalidOperationException(
        $"The {end} end of channel '{channel}' can go to another node only where a ClusterExchange runs; start it with ClusterExchange.StartAsync.");

    /// <summary>The id Akka loads the layer by (named in <c>akka.extensions</c>).</summary>
    internal sealed class ClusterRemoteLayerId : ExtensionIdProvider<ClusterRemoteLayer>
    {
        public override ClusterRemoteLayer CreateExtension(ExtendedActorSystem system)
        {
            var layer = new ClusterRemoteLayer(system);
            if (ActorSystemLayer.Of(system).InstallRemote(layer) != layer)
                throw new InvalidOperationException($"Actor system '{system.Name}' has another remote layer installed; the cluster's cannot be added.");
            return layer;
        }
    }
}
