using System.Collections.Concurrent;
using ActorInterp.Actors;
using ActorInterp.Domains;
using Akka.Actor;
using Akka.Cluster;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorInterp.Cluster;

/// <summary>
/// This node's bookkeeping for its remote channel ends, kept by its <see cref="ClusterExchange"/>: the send
/// window of each channel on another node that a remote send end here sent to (by the channel's inlet, and
/// by the window's number, which answers carry), what remote try-receives fetched ahead from each channel
/// (by the channel's outlet, and each fetch out by its request id), and each remote receive's wait for its
/// answer (by request id, with the node it waits on). When a node leaves the cluster, its windows close and
/// the receives waiting on it fail, rather than waiting for answers that will never come. Thread-safe.
/// </summary>
internal sealed class RemoteChannels
{
    private readonly ClusterExchange _exchange;
    private readonly ConcurrentDictionary<IActorRef, RemoteSendWindow> _windows = new();
    private readonly ConcurrentDictionary<long, RemoteSendWindow> _windowsById = new();
    private readonly ConcurrentDictionary<long, (AskReplyRef Waiter, Address Node, string Channel)> _receives = new();
    private readonly ConcurrentDictionary<IActorRef, RemotePrefetch> _prefetches = new();
    private readonly ConcurrentDictionary<long, RemotePrefetch> _fetches = new();
    private readonly ConcurrentDictionary<RemotePrefetch, bool> _forgotten = new(); // of nodes gone: still told when the exchange stops
    private readonly ConcurrentDictionary<Address, bool> _gone = new();
    private long _windowCount;
    private long _nextReceive;

    internal RemoteChannels(ClusterExchange exchange)
    {
        _exchange = exchange;
        exchange.NodeGone += OnNodeGone;
    }

    /// <summary>The window of the channel whose inlet is <paramref name="inlet"/>, made on first use (closed at once when its node is gone).</summary>
    internal RemoteSendWindow WindowFor(DomainActorRef inlet, string channelName, int? capacity)
    {
        if (_windows.TryGetValue(inlet.ActorRef, out var window)) return window;
        lock (_windows)
        {
            if (_windows.TryGetValue(inlet.ActorRef, out window)) return window;
            window = new RemoteSendWindow(_exchange, Interlocked.Increment(ref _windowCount), inlet, channelName, capacity);
            _windowsById[window.Id] = window;
            _windows[inlet.ActorRef] = window;
        }
        // After the window is listed: a node that goes now either finds it listed or is seen gone here.
        if (IsGone(inlet.Node)) Close(window);
        return window;
    }

    /// <summary>What this node fetched ahead from the channel whose outlet is <paramref name="outlet"/>, made on first use.</summary>
    internal RemotePrefetch PrefetchFor(DomainActorRef outlet, string channelName)
    {
        if (_prefetches.TryGetValue(outlet.ActorRef, out var prefetch)) return prefetch;
        lock (_prefetches)
        {
            return _prefetches.TryGetValue(outlet.ActorRef, out prefetch)
                ? prefetch
                : _prefetches[outlet.ActorRef] = new RemotePrefetch(_exchange, outlet, channelName);
        }
    }

    /// <summary>Registers a fetch of <paramref name="prefetch"/> about to be sent; its answer finds it by the id. End it with <see cref="FetchOf"/>.</summary>
    /// <exception cref="DomainChannelClosedException">The channel's node is gone: nobody to ask.</exception>
    internal long BeginFetch(RemotePrefetch prefetch)
    {
        var id = Interlocked.Increment(ref _nextReceive);
        _fetches[id] = prefetch;
        var node = prefetch.Outlet.Node;
        if (IsGone(node) && _fetches.TryRemove(id, out _)) throw NodeGoneForReceive(prefetch.ChannelName, node);
        return id;
    }

    /// <summary>
    /// The prefetch that fetch <paramref name="id"/> is for, removed when <paramref name="last"/> (the fetch's
    /// last answer); null when <paramref name="id"/> is no fetch (or no longer listed).
    /// </summary>
    internal RemotePrefetch? FetchOf(long id, bool last = true) =>
        (last ? _fetches.TryRemove(id, out var prefetch) : _fetches.TryGetValue(id, out prefetch)) ? prefetch : null;

    /// <summary>
    /// This node's exchange is about to stop: every item fetched ahead goes back to its outlet while the
    /// exchange can still carry it (each waits at most the answer timeout for its outlet's confirmation).
    /// </summary>
    internal Task OnExchangeStoppingAsync() => Task.WhenAll(_prefetches.Values.Select(p => p.OnExchangeStoppingAsync()));

    /// <summary>Hands an inlet's answer to its window. The answer actor's thread.</summary>
    /// <returns>False when no window has the answer's number, or the answer does not fit it.</returns>
    internal bool OnPutAnswer(ChannelPutAnswer answer) =>
        _windowsById.TryGetValue(answer.Window, out var window) && window.OnAnswer(answer);

    /// <summary>
    /// Registers a remote receive's wait for its answer from an outlet of <paramref name="node"/>; the answer is
    /// marshalled for <paramref name="asker"/>. If the node goes, the wait fails; it fails at once when the node
    /// is gone already. End it with <see cref="TakeReceive"/>.
    /// </summary>
    internal (long Id, AskReplyRef Waiter) BeginReceive(Domain? asker, Address node, string channelName)
    {
        var id = Interlocked.Increment(ref _nextReceive);
        var waiter = new AskReplyRef(asker, RuntimeActors.For(_exchange.Runtime));
        _receives[id] = (waiter, node, channelName);
        if (IsGone(node) && _receives.TryRemove(id, out _)) waiter.Fail(NodeGoneForReceive(channelName, node));
        return (id, waiter);
    }

    /// <summary>The wait of remote receive <paramref name="id"/>, removed; null when nobody waits any more.</summary>
    internal AskReplyRef? TakeReceive(long id) => _receives.TryRemove(id, out var receive) ? receive.Waiter : null;

    /// <summary>
    /// This node's exchange stopped: no answer can arrive any more. Every window closes and every waiting
    /// remote receive fails, rather than waiting for ever.
    /// </summary>
    internal void OnExchangeStopped()
    {
        foreach (var window in _windows.Values) window.OnExchangeStopped();
        foreach (var (id, prefetch) in _fetches)
            if (_fetches.TryRemove(id, out _)) prefetch.OnFetchLost(id);
        foreach (var prefetch in _prefetches.Values.Concat(_forgotten.Keys)) prefetch.OnExchangeStopped();
        foreach (var (id, receive) in _receives)
        {
            if (_receives.TryRemove(id, out _))
                receive.Waiter.Fail(new DomainChannelClosedException(receive.Channel,
                    $"Cannot receive from channel '{receive.Channel}' on {receive.Node}: the buffer exchange of this node stopped before the answer came."));
        }
    }

    private void OnNodeGone(Address node)
    {
        _gone[node] = true;
        foreach (var window in _windows.Values)
            if (window.Inlet.Node == node) Close(window);
        foreach (var (id, receive) in _receives)
            if (receive.Node == node && _receives.TryRemove(id, out _)) receive.Waiter.Fail(NodeGoneForReceive(receive.Channel, node));
        foreach (var (id, prefetch) in _fetches)
            if (prefetch.Outlet.Node == node && _fetches.TryRemove(id, out _)) prefetch.OnFetchLost(id);
        // Forgotten here (a later incarnation's channel at the same path gets its own); the receive ends that
        // hold one keep it, and can still take what it holds.
        foreach (var (outlet, prefetch) in _prefetches)
        {
            if (prefetch.Outlet.Node == node && _prefetches.TryRemove(new KeyValuePair<IActorRef, RemotePrefetch>(outlet, prefetch)))
                _forgotten[prefetch] = true;
        }
    }

    private void Close(RemoteSendWindow window)
    {
        // Forgotten here, so that a channel of a later incarnation at the same inlet path gets a window of its
        // own; the send ends that hold this one keep it, closed.
        _windows.TryRemove(new KeyValuePair<IActorRef, RemoteSendWindow>(window.Inlet.ActorRef, window));
        _windowsById.TryRemove(window.Id, out _);
        window.OnNodeGone();
    }

    /// <summary>True when <paramref name="node"/> left the cluster and no node has joined at its address since.</summary>
    private bool IsGone(Address node)
    {
        if (!_gone.ContainsKey(node)) return false;
        // A node that joins again at the same address (a restarted process with a fixed port) is a new
        // incarnation, with channels of its own; an unreachable member may be the old one, not yet removed.
        var state = AkkaCluster.Get(_exchange.Runtime.System).State;
        if (state.Members.Any(m => m.Address == node && (m.Status is MemberStatus.Up or MemberStatus.WeaklyUp) && !state.Unreachable.Contains(m)))
        {
            _gone.TryRemove(node, out _);
            return false;
        }
        return true;
    }

    private static DomainChannelClosedException NodeGoneForReceive(string channelName, Address node) => new(channelName,
        $"Cannot receive from channel '{channelName}': the channel's node {node} left the cluster, so nothing can be received from it any more.");
}
