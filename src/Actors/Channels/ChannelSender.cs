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
/// <para>On a cluster (with a <see cref="ClusterExchange"/> on both nodes) the send end can be sent to a domain
/// on another node inside a message. There it is a <em>remote</em> send end (<see cref="IsRemote"/>): each
/// item is marshalled at the call as for a Tell (unshareable items are refused with
/// <see cref="NotShareableException"/>, buffers are lent to the channel's node and their bytes cross once
/// per node) and travels through the exchanges, in order per sending node, to the channel's node, where
/// the channel's inlet puts it into the channel (waiting for room, one item at a time) and answers: the item
/// is in the channel, or it was refused because the channel is closed (its borrows are given back).</para>
/// <para>Flow control. The node keeps one <em>send window</em> per channel, shared by all its remote send
/// ends of that channel: for a bounded channel, at most <see cref="DomainChannel{T}.Capacity"/> items sent
/// from this node are unconfirmed (not answered yet). While the window is full, <see cref="SendAsync(T, CancellationToken)"/> and
/// <see cref="Send(T, TimeSpan)"/> wait and <see cref="TrySend(T)"/> returns false; since an item is answered only once it
/// is in the channel, a full channel holds remote senders back as it holds local ones, without a round trip
/// per item. An unbounded channel has no window. A remote send returns once its item is handed to the
/// exchange; <see cref="FlushAsync"/> waits for the answers.</para>
/// <para>Closing. A remote send end learns that the channel is closed from a <see cref="Close"/> through a
/// remote send end of this node, from the answer refusing an item (sent after the channel closed on its
/// node: <see cref="FlushAsync"/> then throws), or when the channel's node leaves the cluster (every wait
/// fails); from then on, sends through this node throw <see cref="ChannelClosedException"/> and
/// <see cref="IsClosed"/> is true. An item the channel's node drops on the way (the transfer of its buffers
/// refused there, e.g. over that node's size limit) is never answered by the inlet; that node's exchange
/// reports the drop instead, which frees the item's place in the window, and <see cref="FlushAsync"/>
/// reports it as lost. A remote send end holds nothing:
/// <see cref="Release"/> does nothing there.</para>
/// </remarks>
public sealed partial class ChannelSender<T> : IShareable, IChannelEnd, ISurrogated
{
    private readonly DomainChannel<T>? _channel;
    private readonly RemoteChannelTarget? _remote;
    private readonly int? _remoteCapacity;
    private readonly EndHolders _holders;
    private RemoteSendWindow? _window;

    internal ChannelSender(DomainChannel<T> channel)
    {
        _channel = channel;
        Name = channel.Name;
        _holders = new EndHolders(Close);
    }

    internal ChannelSender(RemoteChannelTarget remote, int? capacity)
    {
        _remote = remote;
        _remoteCapacity = capacity;
        _holders = new EndHolders(Close);
        Name = remote.ChannelName;
    }

    /// <summary>The channel, when it lives on this node.</summary>
    /// <exception cref="InvalidOperationException">The send end is remote (<see cref="IsRemote"/>): the channel lives on another node.</exception>
    public DomainChannel<T> Channel => _channel ?? throw new InvalidOperationException(
        $"The send end of channel '{Name}' is remote: the channel lives on node {_remote!.Inlet.Node}, not on this node. Check IsRemote.");

    /// <summary>The channel's name.</summary>
    public string Name { get; }

    /// <summary>
    /// The channel's id (<see cref="DomainChannel{T}.Id"/>): the same in every domain and on every node, since
    /// a send end that crosses to another node carries it.
    /// </summary>
    public Guid ChannelId => _channel?.Id ?? _remote!.ChannelId;

    /// <summary>True when the channel lives on another node of the cluster (see the remarks).</summary>
    public bool IsRemote => _channel is null;

    /// <summary>
    /// True once the send end is closed (or the receive end, which stops sends too). A remote send end knows
    /// it once this node learned it (see the remarks): by a <see cref="Close"/> through one of its remote send
    /// ends of the channel, by the channel's node refusing an item, or by that node leaving the cluster.
    /// </summary>
    public bool IsClosed => _channel?.IsSendClosed ?? SendWindow?.IsClosed ?? false;

    /// <summary>
    /// Sends <paramref name="item"/>, waiting while a bounded channel is full; on a remote send end, while
    /// this node has <see cref="DomainChannel{T}.Capacity"/> items of the channel unconfirmed (see the
    /// remarks). A remote send completes once the item is handed to the exchange; <see cref="FlushAsync"/>
    /// tells whether it went in.
    /// </summary>
    /// <exception cref="NotShareableException">The item cannot cross (thrown at the call; the channel is unchanged, no place in the window is used).</exception>
    /// <exception cref="WireLimitException">A remote send end: the item cannot travel within the wire's limits (its body or buffer count); nothing was sent, no place in the window is used.</exception>
    /// <exception cref="ChannelClosedException">The channel is closed for sending, or known closed on a remote send end (at the call, or while waiting; the item was not sent).</exception>
    /// <exception cref="OperationCanceledException">(In the task) cancelled while waiting; the item was not sent.</exception>
    /// <exception cref="DomainClosedException">(In the task) the sending domain is closing with force, or its runtime is shutting down, while the send waited; the item was not sent and its borrows were given back.</exception>
    /// <exception cref="InvalidOperationException">A remote send end, and no <see cref="ClusterExchange"/> runs on this node; nothing was sent.</exception>
    public ValueTask SendAsync(T item, CancellationToken cancellationToken = default) =>
        _channel is not null ? _channel.SendAsync(item, null, cancellationToken) : RemoteWindow().SendAsync(item, cancellationToken);

    /// <summary>
    /// Sends <paramref name="item"/> if there is room now; false when a bounded channel is full, or on a
    /// remote send end when this node's window of the channel is full (nothing was sent).
    /// </summary>
    /// <exception cref="NotShareableException">The item cannot cross; the channel is unchanged.</exception>
    /// <exception cref="WireLimitException">A remote send end: the item cannot travel within the wire's limits (its body or buffer count); nothing was sent, no place in the window is used.</exception>
    /// <exception cref="ChannelClosedException">The channel is closed for sending (or known closed on a remote send end).</exception>
    /// <exception cref="InvalidOperationException">A remote send end, and no <see cref="ClusterExchange"/> runs on this node; nothing was sent.</exception>
    public bool TrySend(T item) => _channel is not null ? _channel.TrySend(item, null) : RemoteWindow().TrySend(item);

    /// <summary>
    /// Sends <paramref name="item"/>, blocking the calling thread while the channel is full (on a remote send
    /// end, while this node's window of the channel is full), for at most <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="NotShareableException">The item cannot cross; the channel is unchanged.</exception>
    /// <exception cref="WireLimitException">A remote send end: the item cannot travel within the wire's limits (its body or buffer count); nothing was sent, no place in the window is used.</exception>
    /// <exception cref="TimeoutException">Still full after <paramref name="timeout"/>; the item was not sent.</exception>
    /// <exception cref="DomainClosedException">The sending domain is closing with force, or its runtime is shutting down; the item was not sent.</exception>
    /// <exception cref="ChannelClosedException">The channel is closed for sending (or known closed on a remote send end).</exception>
    /// <exception cref="InvalidOperationException">A remote send end, and no <see cref="ClusterExchange"/> runs on this node; nothing was sent.</exception>
    public void Send(T item, TimeSpan timeout)
    {
        if (_channel is not null) _channel.Send(item, timeout, null);
        else RemoteWindow().Send(item, timeout);
    }

    /// <summary>
    /// Completes when every item sent so far through this node's remote send ends of the channel has been
    /// answered by the channel's node: each one is in the channel (which does not mean received), or was
    /// refused. On a send end whose channel lives on this node it completes at once: a local send has put its
    /// item in the channel when it returns. Any thread.
    /// </summary>
    /// <remarks>
    /// "So far" is every send that returned before the call, from any remote send end of the channel on
    /// this node. An item dropped on the way (its buffers refused by the channel's node) is reported as lost.
    /// </remarks>
    /// <exception cref="ChannelClosedException">(In the task) one of those items was refused because the channel is closed (the message says how many and why), or the channel's node left the cluster before answering them all.</exception>
    /// <exception cref="InvalidOperationException">(In the task) one of those items did not go in for another reason, or was lost on the way. At the call: a remote send end, and no <see cref="ClusterExchange"/> runs on this node.</exception>
    /// <exception cref="OperationCanceledException">(In the task) cancelled while waiting; the items are unaffected.</exception>
    public Task FlushAsync(CancellationToken cancellationToken = default) =>
        _channel is not null ? Task.CompletedTask : RemoteWindow().FlushAsync(cancellationToken);

    /// <summary>
    /// Closes the send end for every domain: later sends throw <see cref="ChannelClosedException"/>; items
    /// already queued can still be received. Any thread; closing again does nothing. Through a remote send
    /// end, the close travels behind the items sent from this node, and later sends through any remote send
    /// end of the channel on this node throw.
    /// </summary>
    /// <exception cref="InvalidOperationException">A remote send end, and no <see cref="ClusterExchange"/> runs on this node.</exception>
    public void Close()
    {
        if (_channel is not null) _channel.CloseSendEnd();
        else RemoteWindow().Close();
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
        if (_remote is not null) return new ChannelSenderSurrogate<T>(_remote.Inlet.ToSurrogate(system), Name, _remoteCapacity, _remote.ChannelId);
        var exchange = ClusterExchange.FindBySystem(system) ?? throw new InvalidOperationException(
            $"The send end of channel '{Name}' can go to another node only where a ClusterExchange runs; start it with ClusterExchange.StartAsync.");
        return new ChannelSenderSurrogate<T>(exchange.InletFor(_channel!).ToSurrogate(system), Name, _channel!.Capacity, _channel.Id);
    }

    /// <summary>This node's send window of the channel, shared with its other remote send ends of it.</summary>
    /// <exception cref="InvalidOperationException">No exchange runs on this node.</exception>
    private RemoteSendWindow RemoteWindow() => SendWindow ?? throw new InvalidOperationException(
        $"Sending on the remote send end of channel '{Name}' needs this node's buffer exchange: start it with ClusterExchange.StartAsync. Nothing was sent.");

    /// <summary>On a remote send end, this node's send window of the channel (null when no exchange runs here); null on a local one.</summary>
    internal RemoteSendWindow? SendWindow
    {
        get
        {
            if (_remote is null) return null;
            if (_window is { } window) return window;
            if (ClusterExchange.Find(_remote.Inlet.Actors.Runtime) is not { } exchange) return null;
            // Kept once found: after the channel's node is gone the exchange forgets the window, closed, and this end stays closed.
            return _window = exchange.RemoteChannels.WindowFor(_remote.Inlet, Name, _remoteCapacity);
        }
    }

    internal void HoldOutside() => _holders.HoldOutside();

    void IChannelEnd.AddHolder(Domain domain) => _holders.Add(domain);

    void IChannelEnd.RemoveHolder(Domain domain) => _holders.Remove(domain);

    /// <inheritdoc />
    public override string ToString() => _channel is null ? $"remote send end of channel '{Name}' on {_remote!.Inlet.Node}" : $"send end of {_channel}";
}
