using System.Collections.Concurrent;
using ActorInterp.Actors;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;
using Akka.Event;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorInterp.Cluster;

/// <summary>
/// Lends shared buffers to domains on other nodes of an Akka.Cluster. One per <see cref="DomainRuntime"/>
/// whose actor system runs the cluster provider (see <see cref="ClusterNodeConfig"/>).
/// </summary>
/// <remarks>
/// <para>A buffer lent to a node crosses the wire once for that node: pulled by that node over this node's data
/// lane, a TCP connection of its own beside the Akka association, so that other messages never wait behind it
/// (or, with <see cref="BulkTransfer.Remoting"/> or when the lane cannot be reached, in chunks well under Akka
/// remoting's default frame limit, with a small window). The node
/// keeps one local copy, owned by its mirror domain, and gives each local receiver (an endpoint bound
/// with <see cref="Bind"/>) a proxy on it. The owner counts one borrow per node; the node sends one release
/// when its last local holder lets go, and the owner's domain frees on its own thread as usual.</para>
/// <para>A node that leaves or is downed (by the split brain resolver) gives back, at its owners, every
/// borrow it held. When an owner's node goes, the local copies stay readable and their proxies report
/// <c>proxy.IsOrphaned</c> (<see cref="ClusterBufferProxyExtensions"/>); <see cref="OwnerNodeLost"/> is raised.</para>
/// <para>The exchange also carries actor messages with buffers to domain actors on other nodes (a
/// <see cref="DomainActorRef"/> Tell or Ask), the answers to Asks from other nodes, and the items of channel
/// ends used on other nodes. While such a message is on its way to an actor, later messages without buffers
/// to that actor follow it through the exchange, so that messages from one node to one actor keep their order.</para>
/// <para>Members are safe to call from any thread unless their documentation says otherwise.</para>
/// </remarks>
public sealed partial class ClusterExchange : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, EndpointBinding> _bindings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Address, int> _parkingIds = new();
    private readonly ExchangeCounters _counters = new();
    private readonly ExchangeMetrics _metrics;
    private IActorRef _actor = ActorRefs.Nobody;
    private int _stopped;

    private ClusterExchange(DomainRuntime runtime, Domain mirror, ClusterExchangeOptions options)
    {
        Runtime = runtime;
        Mirror = mirror;
        Options = options;
        SelfAddress = AkkaCluster.Get(runtime.System).SelfAddress;
        _metrics = new ExchangeMetrics(this);
        RemoteAsks = new RemoteAsks(runtime);
        ChannelPorts = new ChannelPorts(this);
        NodeGone += RemoteAsks.FailAsksTo;
        RemoteChannels = new RemoteChannels(this);
    }

    /// <summary>
    /// Starts the node's exchange: creates the mirror domain and the exchange actor
    /// (<c>/user/actorinterp-exchange</c>) on its thread, and registers the protocol's serializer if the
    /// configuration did not. Joining the cluster (seed nodes, or <see cref="AkkaCluster.Join"/>) is the
    /// configuration's business; buffers can be lent to a node once it is a member.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="runtime"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The runtime's actor system does not use the cluster provider, an exchange runs
    /// already, or Akka remoting's maximum frame size is too small for the protocol's largest frames.</exception>
    public static async Task<ClusterExchange> StartAsync(DomainRuntime runtime, ClusterExchangeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var system = (ExtendedActorSystem)runtime.System;
        if (system.Provider is not Akka.Cluster.ClusterActorRefProvider)
            throw new InvalidOperationException(
                $"Actor system '{system.Name}' does not run Akka.Cluster (akka.actor.provider = cluster); build its configuration with ClusterNodeConfig.Create.");
        options ??= new ClusterExchangeOptions(); // valid: each option is checked as it is set
        var layer = ClusterRemoteLayer.Of(system);
        if (layer.Exchange is not null)
            throw new InvalidOperationException($"A buffer exchange runs already on actor system '{system.Name}'; start one per node.");
        ClusterNodeConfig.EnsureSerializer(system);
        ClusterNodeConfig.CheckFrameSize(system, options);
        var mirror = runtime.CreateDomain(options.MirrorDomainName);
        await mirror.RunAsync(() => { }).ConfigureAwait(false); // the domain's thread is up before the exchange joins it
        var exchange = new ClusterExchange(runtime, mirror, options);
        exchange.StartLane();
        try
        {
            exchange._actor = system.ActorOf(
                Props.Create(() => new ExchangeActor(exchange, options, exchange._counters, exchange._bindings))
                    .WithDispatcher(mirror.GuestDispatcherId()),
                ExchangeActor.Name);
        }
        catch (InvalidActorNameException ex)
        {
            exchange.Lane?.Dispose();
            await mirror.CloseAsync(CloseMode.Force).ConfigureAwait(false);
            throw new InvalidOperationException($"A buffer exchange runs already on actor system '{system.Name}'; start one per node.", ex);
        }
        RuntimeActors.For(runtime); // references to domain actors arriving from other nodes resolve against this runtime
        layer.Attach(exchange);
        return exchange;
    }

    /// <summary>The runtime whose domains lend and receive.</summary>
    public DomainRuntime Runtime { get; }

    /// <summary>The node-local domain that owns the copies of other nodes' buffers.</summary>
    public Domain Mirror { get; }

    /// <summary>The exchange's settings.</summary>
    public ClusterExchangeOptions Options { get; }

    /// <summary>This node's address in the cluster.</summary>
    public Address SelfAddress { get; }

    /// <summary>
    /// Takes a snapshot of this node's figures: a new object per call, each figure read atomically (not one
    /// consistent cut of all of them). Any thread.
    /// </summary>
    public ClusterExchangeStats GetStats() => _counters.Snapshot();

    /// <summary>This node's figures: the same as <see cref="GetStats"/>, which says that each read takes a new snapshot.</summary>
    [Obsolete("Use GetStats(): each read takes (and allocates) a new snapshot.")]
    public ClusterExchangeStats Stats => GetStats();

    /// <summary>
    /// Raised when a node that had lent buffers to this one is gone, with this exchange as the sender. Raised on the
    /// mirror domain's thread: keep handlers short and do not block. A handler that throws is logged; the exchange
    /// keeps running.
    /// </summary>
    public event EventHandler<OwnerNodeLostEventArgs>? OwnerNodeLost;

    /// <summary>
    /// Raised when a node that held borrows of this node's buffers is gone and they were all reclaimed, with this
    /// exchange as the sender. Raised on the mirror domain's thread: keep handlers short and do not block. A handler
    /// that throws is logged; the exchange keeps running.
    /// </summary>
    public event EventHandler<BorrowsReclaimedEventArgs>? BorrowsReclaimed;

    /// <summary>An endpoint named <paramref name="name"/> on this node.</summary>
    public RemoteEndpoint Endpoint(string name) => new(SelfAddress, name);

    /// <summary>
    /// Binds <paramref name="name"/> on this node to <paramref name="domain"/>: buffers lent to the endpoint
    /// reach <paramref name="onDelivery"/>, run on the domain's thread with a handle addressed to the
    /// domain. Dispose the result to unbind (deliveries already queued still run).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, over 256 UTF-8 bytes, not valid UTF-16, or bound already; or the domain belongs to another runtime.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="domain"/> or <paramref name="onDelivery"/> is null.</exception>
    public IDisposable Bind(string name, Domain domain, Action<RemoteDelivery> onDelivery)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(onDelivery);
        if (domain.Runtime != Runtime)
            throw new ArgumentException($"Domain '{domain.Name}' belongs to another runtime than this exchange's.", nameof(domain));
        var binding = new EndpointBinding(name, domain, onDelivery);
        if (!_bindings.TryAdd(name, binding))
            throw new ArgumentException($"Endpoint '{name}' is bound already on {SelfAddress}; unbind it first or choose another name.", nameof(name));
        return new Unbinder(_bindings, binding);
    }

    /// <summary>
    /// Lends <paramref name="buffer"/> to <paramref name="target"/>. The owner counts one borrow for the
    /// target's node however many of its endpoints receive the buffer; the bytes cross once per node (and not
    /// at all for an endpoint on this node). Owner's thread only. A target that is not a member, or a transfer
    /// that fails, gives the borrow straight back (see <see cref="GetStats"/>).
    /// </summary>
    /// <exception cref="WrongDomainException">Not on the owner's thread.</exception>
    /// <exception cref="ObjectDisposedException">The buffer was disposed or transferred, or the exchange stopped.</exception>
    /// <exception cref="ArgumentException">The endpoint name or the tag is over the protocol's limits (256 and 1024 UTF-8 bytes) or not valid UTF-16 (a lone surrogate).</exception>
    /// <exception cref="DomainClosedException">The owner is closing.</exception>
    public void Share(SharedBuffer buffer, RemoteEndpoint target, string tag = "")
    {
        ArgumentNullException.ThrowIfNull(buffer);
        CheckTarget(target, tag);
        Submit(buffer.ShareParked(ParkingIdFor(target.Node)), target, tag);
    }

    /// <summary>
    /// Passes a held proxy on to <paramref name="target"/> without asking the owner (part of this holder's
    /// borrow travels). When the proxy reads a copy of another node's buffer, this node's copy is what is
    /// lent on: the target's node borrows from this node, whose one borrow at the owner node stays out
    /// until the target's node lets go. Holder's thread only.
    /// </summary>
    /// <exception cref="WrongDomainException">Not on the holder's thread.</exception>
    /// <exception cref="ObjectDisposedException">The proxy was disposed, or the exchange stopped.</exception>
    /// <exception cref="OwnerClosedException">The owner revoked the borrow.</exception>
    /// <exception cref="ArgumentException">The endpoint name or the tag is over the protocol's limits or not valid UTF-16.</exception>
    public void Share(BufferProxy proxy, RemoteEndpoint target, string tag = "")
    {
        ArgumentNullException.ThrowIfNull(proxy);
        CheckTarget(target, tag);
        Submit(proxy.ShareParked(ParkingIdFor(target.Node)), target, tag);
    }

    /// <summary>
    /// Stops the exchange: borrows lent to other nodes go back to their owners here; local copies are freed
    /// once their holders let go (their owner nodes reclaim them when this node leaves). Asks to other nodes
    /// still waiting fail with <see cref="ObjectDisposedException"/>; remote channel ends of this node fail their
    /// waits with <see cref="DomainChannelClosedException"/> and refuse later sends. Items that remote try-receives
    /// fetched ahead go back to their channels' nodes first (each confirmation awaited at most
    /// <see cref="ClusterExchangeOptions.ChannelAnswerTimeout"/>). Does not leave the cluster.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        // Items fetched ahead for remote try-receives go back to their channels while the exchange still runs.
        if (!IsStopped) await RemoteChannels.OnExchangeStoppingAsync().ConfigureAwait(false);
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        ClusterRemoteLayer.Of(Runtime.System).Detach(this);
        _metrics.Dispose();
        try
        {
            await _actor.GracefulStop(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TaskCanceledException)
        {
            // The system is terminating and the actor went with it: its PostStop ran or will run.
        }
        // No answer can come through a stopped exchange: whatever waits for one fails now.
        RemoteAsks.FailAll(SelfAddress);
        RemoteChannels.OnExchangeStopped();
    }

    /// <summary>This node's data lane, when <see cref="ClusterExchangeOptions.BulkTransfer"/> asks for one and it could listen; otherwise null.</summary>
    internal LaneServer? Lane { get; private set; }

    /// <summary>Faults tests inject into the lane (none in use).</summary>
    internal LaneFaults LaneFaults { get; } = new();

    private void StartLane()
    {
        if (Options.BulkTransfer != BulkTransfer.DataLane) return;
        var log = Logging.GetLogger(Runtime.System, "ActorInterp.Cluster.DataLane");
        Lane = LaneServer.TryStart(SelfAddress.Host ?? "", log, LaneFaults, out var problem);
        if (Lane is { } lane)
        {
            _counters.LaneRefused = () => lane.Refused;
            _counters.LaneBytesSent = () => lane.BytesSent;
            return;
        }
        _counters.LaneProblem = problem;
        log.Warning("The buffer exchange of {0} sends buffers over remoting: {1}.", SelfAddress, problem);
    }

    /// <summary>A view of the exchange's state, taken on its thread (tests and diagnostics).</summary>
    internal Task<ExchangeView> InspectAsync() => _actor.Ask<ExchangeView>(new InspectRequest(), TimeSpan.FromSeconds(30));

    /// <summary>True when the exchange has seen every one of <paramref name="nodes"/> join.</summary>
    internal async Task<bool> KnowsMembersAsync(IEnumerable<Address> nodes)
    {
        var view = await InspectAsync().ConfigureAwait(false);
        return nodes.All(view.Members.Contains);
    }

    internal void RaiseOwnerNodeLost(OwnerNodeLostEventArgs e) => OwnerNodeLost?.Invoke(this, e);

    internal void RaiseBorrowsReclaimed(BorrowsReclaimedEventArgs e) => BorrowsReclaimed?.Invoke(this, e);

    /// <summary>
    /// Raised on the mirror domain's thread when a node is removed from the cluster, after its borrows were
    /// reclaimed: whatever waits for an answer from that node fails here rather than waiting for ever.
    /// </summary>
    internal event Action<Address>? NodeGone;

    internal void RaiseNodeGone(Address node) => NodeGone?.Invoke(node);

    private void Submit(BufferHandle handle, RemoteEndpoint target, string tag)
    {
        if (Volatile.Read(ref _stopped) != 0)
        {
            handle.Dispose();
            throw new ObjectDisposedException(nameof(ClusterExchange), $"The buffer exchange of {SelfAddress} was stopped; buffers can no longer be lent to other nodes.");
        }
        // If the exchange stops with this request queued, the handle is collected unopened and its
        // finalizer gives the borrow back.
        _actor.Tell(new ShareRequest(handle, target, tag), ActorRefs.NoSender);
    }

    /// <summary>The running exchange of <paramref name="runtime"/>, if any.</summary>
    internal static ClusterExchange? Find(DomainRuntime runtime) =>
        ClusterRemoteLayer.ExchangeOf(runtime.System) is { } exchange && exchange.Runtime == runtime ? exchange : null;

    /// <summary>The running exchange on <paramref name="system"/>, if any.</summary>
    internal static ClusterExchange? FindBySystem(ActorSystem system) => ClusterRemoteLayer.ExchangeOf(system);

    /// <summary>True once the exchange was stopped.</summary>
    internal bool IsStopped => Volatile.Read(ref _stopped) != 0;

    /// <summary>This node's send windows and watched receives of remote channel ends (from the start, so that it sees every node go).</summary>
    internal RemoteChannels RemoteChannels { get; }

    /// <summary>This node's ports for its channels' ends used on other nodes.</summary>
    internal ChannelPorts ChannelPorts { get; }

    /// <summary>This node's Asks to actors on other nodes still waiting for their answers.</summary>
    internal RemoteAsks RemoteAsks { get; }

    internal int ParkingIdFor(Address node) => _parkingIds.GetOrAdd(node, static _ => Parking.NewId());

    private static void CheckTarget(RemoteEndpoint target, string tag)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(target.Node);
        CheckName(target.Name);
        ArgumentNullException.ThrowIfNull(tag);
        if (FrameRules.Text(tag, FrameRules.MaxTagBytes, "tag") is { } problem)
            throw new ArgumentException($"The tag cannot travel: {problem}; {problem.Advice}.", nameof(tag));
    }

    private static void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (FrameRules.Text(name, FrameRules.MaxEndpointBytes, "endpoint name") is { } problem)
            throw new ArgumentException($"The endpoint name cannot travel: {problem}; {problem.Advice}.", nameof(name));
    }

    private sealed class Unbinder(ConcurrentDictionary<string, EndpointBinding> bindings, EndpointBinding binding) : IDisposable
    {
        public void Dispose() => bindings.TryRemove(new KeyValuePair<string, EndpointBinding>(binding.Name, binding));
    }
}
