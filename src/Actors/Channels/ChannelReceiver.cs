using ActorInterp.Actors.Cluster;
using ActorInterp.Domains;
using Akka.Actor;
using Akka.Util;

namespace ActorInterp.Actors;

/// <summary>
/// The receive end of a <see cref="DomainChannel{T}"/>. Thread-safe and shareable: hand it to the domains
/// that receive. An item with buffers is opened in the receiving domain, which then owns its proxies.
/// </summary>
/// <remarks>
/// On a cluster (with a <see cref="ClusterExchange"/> on both nodes) the receive end can be sent to a domain
/// on another node inside a message. There it is a <em>remote</em> receive end (<see cref="IsRemote"/>):
/// each receive asks the channel's node, through the exchanges, for the next item; the channel's outlet
/// there takes one item from the channel (each item still reaches exactly one receiver, local or remote)
/// and sends it back, its buffers through the exchange (their bytes cross once per node), and the item is
/// opened in the receiving domain as proxies on that node's copies. Every receive is a round trip:
/// <see cref="TryReceive"/> does not block for an item, but it waits for the channel's node to answer
/// whether one was queued. When a waiting receive is cancelled or times out, the outlet stops waiting; an
/// item already on its way back then goes back to the outlet, which hands it to the next remote receive of
/// the channel (one already waiting gets it at once), ahead of the channel's queue: taken once, an item is
/// not lost. Local receivers do not see such an item. When the channel's node leaves
/// the cluster, every receive waiting on it fails with <see cref="ChannelClosedException"/>, and later ones
/// fail at once. A remote receive end holds nothing: <see cref="Release"/> does nothing there, and
/// <see cref="IsClosed"/> knows only of a <see cref="Close"/> called through it.
/// </remarks>
public sealed partial class ChannelReceiver<T> : IShareable, IChannelEnd, ISurrogated
{
    private readonly DomainChannel<T>? _channel;
    private readonly RemoteChannelSource? _remote;
    private readonly EndHolders _holders;
    private volatile bool _remoteClosed;

    internal ChannelReceiver(DomainChannel<T> channel)
    {
        _channel = channel;
        Name = channel.Name;
        // A receive end that nobody holds any more closes and drops what is queued, giving its borrows back.
        _holders = new EndHolders(() => Close(force: true));
    }

    internal ChannelReceiver(RemoteChannelSource remote)
    {
        _remote = remote;
        Name = remote.ChannelName;
        _holders = new EndHolders(() => { });
    }

    /// <summary>The channel, when it lives on this node.</summary>
    /// <exception cref="InvalidOperationException">The receive end is remote (<see cref="IsRemote"/>): the channel lives on another node.</exception>
    public DomainChannel<T> Channel => _channel ?? throw new InvalidOperationException(
        $"The receive end of channel '{Name}' is remote: the channel lives on node {_remote!.Outlet.Node}, not on this node. Check IsRemote.");

    /// <summary>The channel's name.</summary>
    public string Name { get; }

    /// <summary>
    /// The channel's id (<see cref="DomainChannel{T}.Id"/>): the same in every domain and on every node, since
    /// a receive end that crosses to another node carries it.
    /// </summary>
    public Guid ChannelId => _channel?.Id ?? _remote!.ChannelId;

    /// <summary>True when the channel lives on another node of the cluster (see the remarks).</summary>
    public bool IsRemote => _channel is null;

    /// <summary>True once the receive end is closed (a remote receive end knows only of a close called through it).</summary>
    public bool IsClosed => _channel?.IsReceiveClosed ?? _remoteClosed;

    /// <summary>
    /// Receives the next item, waiting until one arrives. Inside a domain the wait frees the domain's
    /// thread and resumes on it.
    /// </summary>
    /// <exception cref="ChannelClosedException">The receive end is closed, or the send end is closed and the channel is empty; on a remote receive end, also when the channel's node left the cluster.</exception>
    /// <exception cref="OperationCanceledException">(In the task) cancelled while waiting; nothing was taken. On a remote receive end also when <paramref name="cancellationToken"/> is already cancelled at the call, queued items or not: it asks the channel's node for nothing (the channel's own receive end takes an item queued then).</exception>
    /// <exception cref="DomainClosedException">(In the task) the receiving domain is closing with force, or its runtime is shutting down, while the receive waited; nothing was taken.</exception>
    /// <exception cref="WrongDomainException">The item holds buffers and the caller runs outside every domain (the item was dropped, its borrows given back).</exception>
    /// <exception cref="NotShareableException">(In the task) a remote receive end: the item holds buffers and the caller runs outside every domain; the item goes back to the channel's node for the next remote receive.</exception>
    /// <exception cref="RemoteDeliveryException">(In the task) a remote receive end: the item taken for it cannot travel here (over the wire's limits, or not serializable); it was dropped on the channel's node.</exception>
    /// <exception cref="InvalidOperationException">A remote receive end, and no <see cref="ClusterExchange"/> runs on this node.</exception>
    public ValueTask<T> ReceiveAsync(CancellationToken cancellationToken = default) =>
        _channel is not null ? _channel.ReceiveAsync(cancellationToken) : ReceiveRemoteAsync(cancellationToken);

    /// <summary>
    /// Receives an item if one is queued now; false otherwise. On a remote receive end this is a round trip
    /// to the channel's node, which answers at once whether an item was queued (it does not wait for one).
    /// </summary>
    /// <exception cref="ChannelClosedException">The receive end is closed, or the send end is closed and the channel is empty; on a remote receive end, also when the channel's node left the cluster.</exception>
    /// <exception cref="WrongDomainException">The item holds buffers and the caller runs outside every domain (dropped).</exception>
    /// <exception cref="NotShareableException">A remote receive end: the item holds buffers and the caller runs outside every domain; the item goes back to the channel's node for the next remote receive.</exception>
    /// <exception cref="RemoteDeliveryException">A remote receive end: the item taken for it cannot travel here (over the wire's limits, or not serializable); it was dropped on the channel's node.</exception>
    /// <exception cref="TimeoutException">A remote receive end, and the channel's node did not answer within the actor system's ask timeout.</exception>
    public bool TryReceive(out T item)
    {
        if (_channel is not null) return _channel.TryReceive(out item);
        var answer = RequestRemote(ChannelRequestKind.TryTake, false, null);
        if (answer.Kind == ChannelAnswerKind.Empty)
        {
            item = default!;
            return false;
        }
        item = ItemOf(answer);
        return true;
    }

    /// <summary>Receives the next item, blocking the calling thread for at most <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">No item within <paramref name="timeout"/>; nothing was taken. On a remote receive end a zero timeout throws at once, queued items or not: it asks the channel's node for nothing (use <see cref="TryReceive"/>; the channel's own receive end takes an item queued then).</exception>
    /// <exception cref="DomainClosedException">The receiving domain is closing with force, or its runtime is shutting down; nothing was taken.</exception>
    /// <exception cref="ChannelClosedException">The receive end is closed, or the send end is closed and the channel is empty; on a remote receive end, also when the channel's node left the cluster.</exception>
    /// <exception cref="WrongDomainException">The item holds buffers and the caller runs outside every domain (dropped).</exception>
    /// <exception cref="NotShareableException">A remote receive end: the item holds buffers and the caller runs outside every domain; the item goes back to the channel's node for the next remote receive.</exception>
    /// <exception cref="RemoteDeliveryException">A remote receive end: the item taken for it cannot travel here (over the wire's limits, or not serializable); it was dropped on the channel's node.</exception>
    public T Receive(TimeSpan timeout)
    {
        if (_channel is not null) return _channel.Receive(timeout);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero, nameof(timeout));
        // As with a token cancelled at the call: a take given no time would be called off before its item came back.
        if (timeout == TimeSpan.Zero)
        {
            CheckRemoteOpen();
            throw new TimeoutException(
                $"A remote receive with a zero timeout cannot wait for the node of channel '{Name}' ({_remote!.Outlet.Node}) to answer, so it asked for nothing and took nothing. Use TryReceive to take an item only if one is queued.");
        }
        return ItemOf(RequestRemote(ChannelRequestKind.Take, false, timeout));
    }

    /// <summary>
    /// Closes the receive end for every domain, which stops sends too. Without <paramref name="force"/> the
    /// channel must be empty; with it, queued items are dropped and their borrows given back. Any thread.
    /// Through a remote receive end the close is a round trip to the channel's node (the calling thread
    /// waits for its answer).
    /// </summary>
    /// <exception cref="ChannelNotEmptyException">Items are queued and <paramref name="force"/> is false; nothing changed.</exception>
    /// <exception cref="TimeoutException">A remote receive end, and the channel's node did not answer within the actor system's ask timeout.</exception>
    /// <exception cref="ChannelClosedException">A remote receive end whose channel's node left the cluster: there is nothing left to close.</exception>
    public void Close(bool force = false)
    {
        if (_channel is not null)
        {
            _channel.CloseReceiveEnd(force);
            return;
        }
        if (_remoteClosed) return; // closing again does nothing, as on the channel's node
        var answer = RequestRemote(ChannelRequestKind.Close, force, null);
        if (answer.Kind == ChannelAnswerKind.NotEmpty) throw new ChannelNotEmptyException(Name, answer.Count, answer.Message ?? "");
        _remoteClosed = true;
    }

    /// <summary>
    /// The calling domain (or code outside every domain) lets go of the receive end; when nobody holds it
    /// any more, it closes, dropping whatever is still queued (its borrows are given back). Does nothing on
    /// a remote receive end.
    /// </summary>
    public void Release()
    {
        if (_channel is null) return;
        if (Domain.Current is { } domain) ChannelHolds.For(domain).Release(this);
        else _holders.ReleaseOutside();
    }

    /// <summary>How the receive end crosses to another node: the address of its channel's outlet there.</summary>
    /// <exception cref="InvalidOperationException">No <see cref="ClusterExchange"/> runs on the channel's node.</exception>
    public ISurrogate ToSurrogate(ActorSystem system)
    {
        if (_remote is not null) return new ChannelReceiverSurrogate<T>(_remote.Outlet.ToSurrogate(system), Name, _remote.ChannelId);
        var exchange = ClusterExchange.FindBySystem(system) ?? throw new InvalidOperationException(
            $"The receive end of channel '{Name}' can go to another node only where a ClusterExchange runs; start it with ClusterExchange.StartAsync.");
        return new ChannelReceiverSurrogate<T>(exchange.OutletFor(_channel!).ToSurrogate(system), Name, _channel!.Id);
    }

    internal void HoldOutside() => _holders.HoldOutside();

    void IChannelEnd.AddHolder(Domain domain) => _holders.Add(domain);

    void IChannelEnd.RemoveHolder(Domain domain) => _holders.Remove(domain);

    /// <inheritdoc />
    public override string ToString() => _channel is null ? $"remote receive end of channel '{Name}' on {_remote!.Outlet.Node}" : $"receive end of {_channel}";

    // ---- remote receive end --------------------------------------------------------------------------

    private async ValueTask<T> ReceiveRemoteAsync(CancellationToken cancellationToken)
    {
        CheckRemoteOpen();
        // Called off before it starts, a take would still reach the outlet and take the next item only to hand it
        // back there, where only remote receives see it: so it is not sent, and nothing is taken.
        cancellationToken.ThrowIfCancellationRequested();
        var asker = Domain.Current;
        // The asking domain's close or shutdown cancels the request: an item already on its way goes back to the outlet.
        using var wait = new DomainWait(asker, cancellationToken);
        object answer;
        try
        {
            // No ConfigureAwait(false): the asker's context brings the answer back to its thread, where it opens.
            answer = await _remote!.RequestAsync(ChannelRequestKind.Take, false, asker, wait.Token);
        }
        catch (OperationCanceledException) when (wait.EndedByDomain)
        {
            throw wait.Ended($"nothing was taken from channel '{Name}'");
        }
        if (answer is MarshalledMessage marshalled && asker is not null && !asker.IsCurrent)
        {
            try
            {
                answer = await asker.RunInternalAsync(marshalled.Open).ConfigureAwait(false);
            }
            catch (DomainClosedException)
            {
                marshalled.GiveBack();
                throw;
            }
        }
        return ItemOf(Opened(answer));
    }

    /// <summary>A request whose answer the calling thread waits for (at most <paramref name="timeout"/>, else the ask timeout).</summary>
    private ChannelAnswer RequestRemote(ChannelRequestKind kind, bool force, TimeSpan? timeout)
    {
        CheckRemoteOpen();
        var asker = Domain.Current;
        var limit = timeout ?? _remote!.Outlet.Actors.Runtime.System.Settings.AskTimeout;
        using var timer = new CancellationTokenSource(limit);
        object answer;
        try
        {
            answer = _remote!.RequestAsync(kind, force, asker, timer.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            throw timeout is null
                ? new TimeoutException($"The node of channel '{Name}' ({_remote!.Outlet.Node}) did not answer within {limit.TotalMilliseconds:0} ms.")
                : new TimeoutException($"No item arrived on channel '{Name}' within {limit.TotalMilliseconds:0} ms.");
        }
        return Opened(answer);
    }

    private ChannelAnswer Opened(object answer)
    {
        if (answer is MarshalledMessage marshalled)
        {
            if (Domain.Current is null)
            {
                marshalled.GiveBack();
                throw new WrongDomainException("(none)",
                    $"An item of channel '{Name}' holds buffers, which only a domain can receive; it was received outside every domain, so it was dropped and its borrows were given back. Receive it inside a domain (RunAsync, an actor).");
            }
            answer = marshalled.Open();
        }
        return (ChannelAnswer)answer;
    }

    private T ItemOf(ChannelAnswer answer)
    {
        switch (answer.Kind)
        {
            case ChannelAnswerKind.Item:
                RuntimeActors.Count(ref _remote!.Outlet.Actors.ChannelItemsReceived.Value);
                return (T)answer.Item!;
            case ChannelAnswerKind.Closed:
                throw new ChannelClosedException(Name, answer.Message ?? $"Channel '{Name}' is closed for receiving.");
            case ChannelAnswerKind.Unbound:
                var owner = answer.Item as string ?? "(unknown)";
                throw new ItemOwnerClosedException(new UnboundItem(Name, owner, (answer.Count & 1) != 0 ? owner : null), answer.Message ?? $"An item of channel '{Name}' was unbound.")
                {
                    IsMarker = (answer.Count & 2) != 0,
                };
            case ChannelAnswerKind.Refused:
                throw new RemoteDeliveryException(_remote!.Outlet.Path.ToString(), answer.Message ?? $"An item of channel '{Name}' could not travel here.");
            default:
                throw new InvalidOperationException($"The node of channel '{Name}' answered {answer.Kind} to a receive; this is a bug in the channel protocol.");
        }
    }

    private void CheckRemoteOpen()
    {
        if (_remoteClosed) throw new ChannelClosedException(Name, $"Cannot receive from channel '{Name}': its receive end was closed through this remote receive end.");
    }
}
