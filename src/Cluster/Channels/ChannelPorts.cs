using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ActorInterp.Actors;
using ActorInterp.Domains;
using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>
/// A node's ports for its channels' ends used on other nodes: one inlet per channel for remote send ends, one
/// outlet per channel for remote receive ends, and one answer actor for this node's own remote receive ends. Each
/// is a domain actor, created on first use in the node's inlets domain (not the mirror domain: that domain owns
/// this node's copies of other nodes' buffers, which the ports borrow). Thread-safe.
/// </summary>
internal sealed class ChannelPorts(ClusterExchange exchange)
{
    private readonly object _gate = new();
    private readonly ConditionalWeakTable<object, DomainActorRef> _inlets = new();
    private readonly ConcurrentDictionary<IActorRef, object> _inletSenders = new();
    private readonly ConditionalWeakTable<object, DomainActorRef> _outlets = new();
    private readonly ConcurrentDictionary<IActorRef, object> _outletReceivers = new();
    private int _portCount;
    private DomainActorRef? _answers;
    private Domain? _domain;

    /// <summary>The inlet of <paramref name="channel"/> for remote send ends.</summary>
    internal DomainActorRef InletFor<T>(DomainChannel<T> channel)
    {
        lock (_gate)
        {
            if (_inlets.TryGetValue(channel, out var inlet)) return inlet;
            var actors = RuntimeActors.For(exchange.Runtime);
            inlet = PortsDomain().ActorOf(Props.Create(() => new ChannelInlet<T>(channel, actors)),
                $"actorinterp-channel-inlet-{Interlocked.Increment(ref _portCount)}");
            _inlets.Add(channel, inlet);
            _inletSenders[inlet.ActorRef] = channel.Sender;
            return inlet;
        }
    }

    /// <summary>The outlet of <paramref name="channel"/> for remote receive ends.</summary>
    internal DomainActorRef OutletFor<T>(DomainChannel<T> channel)
    {
        lock (_gate)
        {
            if (_outlets.TryGetValue(channel, out var outlet)) return outlet;
            var actors = RuntimeActors.For(exchange.Runtime);
            outlet = PortsDomain().ActorOf(Props.Create(() => new ChannelOutlet<T>(channel, actors)),
                $"actorinterp-channel-outlet-{Interlocked.Increment(ref _portCount)}");
            _outlets.Add(channel, outlet);
            _outletReceivers[outlet.ActorRef] = channel.Receiver;
            return outlet;
        }
    }

    /// <summary>This node's answer actor for its remote receive ends (and the answers to its remote puts).</summary>
    internal DomainActorRef Answers()
    {
        lock (_gate)
        {
            return _answers ??= PortsDomain().ActorOf(
                Props.Create(() => new ChannelAnswers(exchange, RuntimeActors.For(exchange.Runtime))), "actorinterp-channel-answers");
        }
    }

    /// <summary>The local send end whose inlet is <paramref name="inlet"/>, if any.</summary>
    internal object? LocalSenderOf(IActorRef inlet) => _inletSenders.TryGetValue(inlet, out var sender) ? sender : null;

    /// <summary>The local receive end whose outlet is <paramref name="outlet"/>, if any.</summary>
    internal object? LocalReceiverOf(IActorRef outlet) => _outletReceivers.TryGetValue(outlet, out var receiver) ? receiver : null;

    // Under _gate.
    private Domain PortsDomain() => _domain ??= exchange.Runtime.CreateDomain(exchange.Options.MirrorDomainName + "-inlets");
}
