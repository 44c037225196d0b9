using System.Diagnostics;
using ActorInterp.Actors;
using ActorInterp.Domains;
using Akka.Actor;
using Akka.Util;

namespace ActorInterp.Cluster;

/// <summary>
/// The receive end of a channel on another node (see the cluster documentation): each receive asks the
/// channel's node, through the exchanges, for the next item; the channel's outlet there takes one item from
/// the channel and sends it back, its buffers through the exchange (their bytes cross once per node), and
/// the item is opened in the receiving domain as proxies on this node's copies. When a waiting receive is
/// cancelled or times out, the outlet stops waiting; an item already on its way back then goes back to the
/// outlet, which hands it to the next remote receive of the channel (one already waiting gets it at once),
/// ahead of the channel's queue: taken once, an item is not lost. When the channel's node leaves the
/// cluster, every receive waiting on it fails with <see cref="DomainChannelClosedException"/>, and later
/// ones fail at once. An item sent with <see cref="UnboundItemPolicy.Marker"/> whose owner went away
/// travels back as the exception, turned into an entry here.
/// </summary>
/// <remarks>
/// A try-receive never waits for the channel's node: it takes what this node fetched ahead for the channel
/// (<see cref="RemotePrefetch"/>, shared by every remote receive end of the channel here), or returns false at
/// once and has the next item fetched. Receives that wait take what was fetched first, too.
/// </remarks>
internal sealed class RemoteChannelReceiver<T> : ChannelReceiver<T>
{
    private readonly RemoteChannelSource _remote;
    private RemotePrefetch? _prefetch;
    private volatile bool _remoteClosed;

    internal RemoteChannelReceiver(RemoteChannelSource remote)
        : base(remote.ChannelName) =>
        _remote = remote;

    public override DomainChannel<T>? Channel => null;

    public override Guid ChannelId => _remote.ChannelId;

    public override bool IsClosed => _remoteClosed;

    /// <exception cref="InvalidOperationException">No exchange runs on this node.</exception>
    public override ValueTask<T> ReceiveAsync(CancellationToken cancellationToken = default) => ReceiveRemoteAsync(cancellationToken);

    /// <exception cref="InvalidOperationException">No exchange runs on this node.</exception>
    public override bool TryReceive(out T item)
    {
        CheckRemoteOpen();
        if (!Prefetch().TryTake(Domain.Current, out var fetched))
        {
            item = default!;
            return false;
        }
        item = ItemOf(Opened(fetched));
        return true;
    }

    public override T Receive(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero, nameof(timeout));
        CheckRemoteOpen();
        // Given no time, a take would be called off before its item came back, and the item would wait at the
        // outlet where only remote receives see it: so nothing is asked for, and nothing is taken.
        if (timeout == TimeSpan.Zero)
        {
            throw new TimeoutException(
                $"A remote receive with a zero timeout cannot wait for the node of channel '{Name}' ({_remote.Outlet.Node}) to answer, so it asked for nothing and took nothing. Use TryReceive to take an item only if one is here.");
        }
        var started = Stopwatch.GetTimestamp();
        object? fetched;
        using (var timer = new CancellationTokenSource(timeout))
        {
            try
            {
                // The wait resumes off the calling thread (which is blocked here), so a domain thread can block.
                fetched = Prefetch().TakeForReceiveAsync(Domain.Current, timer.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (timer.IsCancellationRequested)
            {
                throw NoItemWithin(timeout);
            }
        }
        if (fetched is not null) return ItemOf(Opened(fetched));
        var left = timeout - Stopwatch.GetElapsedTime(started);
        return ItemOf(RequestRemote(ChannelRequestKind.Take, false, left > TimeSpan.Zero ? left : TimeSpan.Zero));
    }

    public override ValueTask<ChannelEntry<T>> ReceiveEntryAsync(CancellationToken cancellationToken = default) => ReceiveRemoteEntryAsync(cancellationToken);

    /// <exception cref="InvalidOperationException">No exchange runs on this node.</exception>
    public override bool TryReceiveEntry(out ChannelEntry<T> entry)
    {
        try
        {
            var got = TryReceive(out var item);
            entry = got ? new ChannelEntry<T>(item) : default;
            return got;
        }
        catch (ItemOwnerClosedException ex) when (ex.IsMarker)
        {
            entry = new ChannelEntry<T>(ex.Item);
            return true;
        }
    }

    public override ChannelEntry<T> ReceiveEntry(TimeSpan timeout)
    {
        try
        {
            return new ChannelEntry<T>(Receive(timeout));
        }
        catch (ItemOwnerClosedException ex) when (ex.IsMarker)
        {
            return new ChannelEntry<T>(ex.Item);
        }
    }

    public override void Close(bool force = false)
    {
        if (_remoteClosed) return; // closing again does nothing, as on the channel's node
        // Items fetched ahead here go back to the outlet first (confirmed), so that the close counts or drops them.
        using (Prefetch().BeginCloseAsync().GetAwaiter().GetResult())
        {
            var answer = RequestRemote(ChannelRequestKind.Close, force, null);
            if (answer.Kind == ChannelAnswerKind.NotEmpty) throw new ChannelNotEmptyException(Name, answer.Count, answer.Message ?? "");
        }
        _remoteClosed = true;
    }

    public override void Release()
    {
    }

    public override ISurrogate ToSurrogate(ActorSystem system) =>
        new ChannelReceiverSurrogate<T>(_remote.Outlet.ToSurrogate(system), Name, _remote.ChannelId);

    public override string ToString() => $"remote receive end of channel '{Name}' on {_remote.Outlet.Node}";

    private async ValueTask<T> ReceiveRemoteAsync(CancellationToken cancellationToken)
    {
        CheckRemoteOpen();
        // Called off before it starts, a take would still reach the outlet and take the next item only to hand it
        // back there, where only remote receives see it: so it is not sent, and nothing is taken.
        cancellationToken.ThrowIfCancellationRequested();
        var asker = Domain.Current;
        // The asking domain's close or shutdown cancels the request: an item already on its way goes back to the outlet.
        using var wait = new DomainWait(asker, cancellationToken);
        var prefetch = Prefetch();
        object? fetched;
        object answer;
        try
        {
            // No ConfigureAwait(false): the asker's context brings the answer back to its thread, where it opens.
            fetched = await prefetch.TakeForReceiveAsync(asker, wait.Token);
            answer = fetched ?? await _remote.RequestAsync(ChannelRequestKind.Take, false, asker, wait.Token);
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
                // Fetched ahead, it is the next item again; answered to this receive, it is given back.
                if (fetched is not null) prefetch.PutBack(marshalled);
                else marshalled.GiveBack();
                throw;
            }
        }
        return ItemOf(Opened(answer));
    }

    /// <summary>What this node fetched ahead from the channel, shared with its other remote receive ends of it.</summary>
    /// <exception cref="InvalidOperationException">No exchange runs on this node.</exception>
    private RemotePrefetch Prefetch()
    {
        if (_prefetch is { } prefetch) return prefetch;
        var exchange = ClusterExchange.Find(_remote.Outlet.Actors.Runtime) ?? throw new InvalidOperationException(
            $"Receiving on the remote receive end of channel '{Name}' needs this node's buffer exchange: start it with ClusterExchange.StartAsync.");
        // Kept once found: after the channel's node is gone the exchange forgets it, and this end can still take what it holds.
        return _prefetch = exchange.RemoteChannels.PrefetchFor(_remote.Outlet, Name);
    }

    private TimeoutException NoItemWithin(TimeSpan limit) => new($"No item arrived on channel '{Name}' within {limit.TotalMilliseconds:0} ms.");

    /// <summary>A request whose answer the calling thread waits for (at most <paramref name="timeout"/>, else the ask timeout).</summary>
    private ChannelAnswer RequestRemote(ChannelRequestKind kind, bool force, TimeSpan? timeout)
    {
        CheckRemoteOpen();
        var asker = Domain.Current;
        var limit = timeout ?? _remote.Outlet.Actors.Runtime.System.Settings.AskTimeout;
        using var timer = new CancellationTokenSource(limit);
        object answer;
        try
        {
            answer = _remote.RequestAsync(kind, force, asker, timer.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            throw timeout is null
                ? new TimeoutException($"The node of channel '{Name}' ({_remote.Outlet.Node}) did not answer within {limit.TotalMilliseconds:0} ms.")
                : NoItemWithin(limit);
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
                RuntimeActors.Count(ref _remote.Outlet.Actors.ChannelItemsReceived.Value);
                return (T)answer.Item!;
            case ChannelAnswerKind.Closed:
                throw new DomainChannelClosedException(Name, answer.Message ?? $"Channel '{Name}' is closed for receiving.");
            case ChannelAnswerKind.Unbound:
                var owner = answer.Item as string ?? "(unknown)";
                throw new ItemOwnerClosedException(new UnboundItem(Name, owner, (answer.Count & 1) != 0 ? owner : null), answer.Message ?? $"An item of channel '{Name}' was unbound.")
                {
                    IsMarker = (answer.Count & 2) != 0,
                };
            case ChannelAnswerKind.Refused:
                throw new RemoteDeliveryException(_remote.Outlet.Path.ToString(), answer.Message ?? $"An item of channel '{Name}' could not travel here.");
            default:
                throw new InvalidOperationException($"The node of channel '{Name}' answered {answer.Kind} to a receive; this is a bug in the channel protocol.");
        }
    }

    private void CheckRemoteOpen()
    {
        if (_remoteClosed) throw new DomainChannelClosedException(Name, $"Cannot receive from channel '{Name}': its receive end was closed through this remote receive end.");
    }

    private async ValueTask<ChannelEntry<T>> ReceiveRemoteEntryAsync(CancellationToken cancellationToken)
    {
        try
        {
            // No ConfigureAwait(false): the entry reaches the caller on its domain's thread, as the item would.
            return new ChannelEntry<T>(await ReceiveRemoteAsync(cancellationToken));
        }
        catch (ItemOwnerClosedException ex) when (ex.IsMarker)
        {
            return new ChannelEntry<T>(ex.Item);
        }
    }
}
