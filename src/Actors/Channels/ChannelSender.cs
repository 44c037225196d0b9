using ActorInterp.Actors.Cluster;
using ActorInterp.Domains;
using Akka.Actor;
using Akka.Util;

namespace ActorInterp.Actors;

/// <summary>
/// The send end of a <see cref="DomainChannel{T}"/>. Thread-safe and shareable: hand it to the domains that
/// send. Items are marshalled on the calling thread (see <see cref="DomainChannel{T}"/>).
/// </summary>
/// <remarks>
/// On a cluster (with a <see cref="ClusterExchange"/> on both nodes) the send end can be sent to a domain
/// on another node inside a message. There it is a <em>remote</em> send end (<see cref="IsRemote"/>): each
/// item is marshalled at the call as for a Tell (unshareable items are refused with
/// <see cref="NotShareableException"/>, buffers are lent to the channel's node and their bytes cross once
/// per node) and travels through the exchanges, in order per sending node, to the channel's node, where
/// it is put into the channel. A remote send does not wait for room in a bounded channel and does not learn
/// whether the item went in: an item that arrives after the channel closed is dropped there (its borrows
/// are given back) and logged. A remote send end holds nothing: <see cref="Release"/> does nothing there.
/// </remarks>
public sealed class ChannelSender<T> : IShareable, IChannelEnd, ISurrogated
{
    private readonly DomainChannel<T>? _channel;
    private readonly RemoteChannelTarget? _remote;
    private readonly EndHolders _holders;
    private volatile bool _remoteClosed;

    internal ChannelSender(DomainChannel<T> channel)
    {
        _channel = channel;
        Name = channel.Name;
        _holders = new EndHolders(Close);
    }

    internal ChannelSender(RemoteChannelTarget remote)
    {
        _remote = remote;
        _holders = new EndHolders(Close);
        Name = remote.ChannelName;
    }

    /// <summary>The channel, when it lives on this node.</summary>
    /// <exception cref="InvalidOperationException">The send end is remote (<see cref="IsRemote"/>): the channel lives on another node.</exception>
    public DomainChannel<T> Channel => _channel ?? throw new InvalidOperationException(
        $"The send end of channel '{Name}' is remote: the channel lives on node {_remote!.Inlet.Node}, not on this node. Check IsRemote.");

    /// <summary>The channel's name.</summary>
    public string Name { get; }

    /// <summary>True when the channel lives on another node of the cluster (see the remarks).</summary>
    public bool IsRemote => _channel is null;

    /// <summary>
    /// True once the send end is closed (or the receive end, which stops sends too). A remote send end knows
    /// only of a <see cref="Close"/> called through it.
    /// </summary>
    public bool IsClosed => _channel?.IsSendClosed ?? _remoteClosed;

    /// <summary>Sends <paramref name="item"/>, waiting while a bounded channel is full (a remote send end does not wait; see the remarks).</summary>
    /// <exception cref="NotShareableException">The item cannot cross (thrown at the call; the channel is unchanged).</exception>
    /// <exception cref="ChannelClosedException">The channel is closed for sending (at the call, or while waiting).</exception>
    /// <exception cref="OperationCanceledException">(In the task) cancelled while waiting; the item was not sent.</exception>
    public ValueTask SendAsync(T item, CancellationToken cancellationToken = default)
    {
        if (_channel is not null) return _channel.SendAsync(item, cancellationToken);
        SendRemote(item);
        return default;
    }

    /// <summary>Sends <paramref name="item"/> if there is room now; false when a bounded channel is full (nothing was sent). A remote send end always sends.</summary>
    /// <exception cref="NotShareableException">The item cannot cross; the channel is unchanged.</exception>
    /// <exception cref="ChannelClosedException">The channel is closed for sending.</exception>
    public bool TrySend(T item)
    {
        if (_channel is not null) return _channel.TrySend(item);
        SendRemote(item);
        return true;
    }

    /// <summary>Sends <paramref name="item"/>, blocking the calling thread while the channel is full, for at most <paramref name="timeout"/> (a remote send end does not block).</summary>
    /// <exception cref="NotShareableException">The item cannot cross; the channel is unchanged.</exception>
    /// <exception cref="TimeoutException">Still full after <paramref name="timeout"/>; the item was not sent.</exception>
    /// <exception cref="ChannelClosedException">The channel is closed for sending.</exception>
    public void Send(T item, TimeSpan timeout)
    {
        if (_channel is not null) _channel.Send(item, timeout);
        else SendRemote(item);
    }

    /// <summary>
    /// Closes the send end for every domain: later sends throw <see cref="ChannelClosedException"/>; items
    /// already queued can still be received. Any thread; closing again does nothing. Through a remote send
    /// end, the close travels behind the items sent through it from this node.
    /// </summary>
    public void Close()
    {
        if (_channel is not null)
        {
            _channel.CloseSendEnd();
            return;
        }
        if (_remoteClosed) return;
        _remoteClosed = true;
        _remote!.Submit(new ChannelClose(), Domain.Current);
    }

    /// <summary>
    /// The calling domain (or code outside every domain) lets go of the send end; when nobody holds it any
    /// more, it closes as by <see cref="Close"/>. Does nothing on a remote send end.
    /// </summary>
    public void Release()
    {
        if (_channel is null) return;
        if (Domain.Current is { } domain) ChannelHolds.For(domain).Release(this);
        else _holders.ReleaseOutside();
    }

    /// <summary>How the send end crosses to another node: the address of its channel's inlet there.</summary>
    /// <exception cref="InvalidOperationException">No <see cref="ClusterExchange"/> runs on the channel's node.</exception>
    public ISurrogate ToSurrogate(ActorSystem system)
    {
        if (_remote is not null) return new ChannelSenderSurrogate<T>(_remote.Inlet.ToSurrogate(system), Name);
        var exchange = ClusterExchange.FindBySystem(system) ?? throw new InvalidOperationException(
            $"The send end of channel '{Name}' can go to another node only where a ClusterExchange runs; start it with ClusterExchange.StartAsync.");
        return new ChannelSenderSurrogate<T>(exchange.InletFor(_channel!).ToSurrogate(system), Name);
    }

    private void SendRemote(T item)
    {
        if (_remoteClosed) throw new ChannelClosedException(Name, $"Cannot send on channel '{Name}': its send end was closed through this remote send end.");
        _remote!.Submit(new ChannelPut(item), Domain.Current);
    }

    internal void HoldOutside() => _holders.HoldOutside();

    void IChannelEnd.AddHolder(Domain domain) => _holders.Add(domain);

    void IChannelEnd.RemoveHolder(Domain domain) => _holders.Remove(domain);

    /// <inheritdoc />
    public override string ToString() => _channel is null ? $"remote send end of channel '{Name}' on {_remote!.Inlet.Node}" : $"send end of {_channel}";
}
