using ActorInterp.Actors;
using Akka.Actor;
using Akka.Util;

namespace ActorInterp.Cluster;

/// <summary>
/// The send end of a channel on another node (see the cluster documentation). Each item is marshalled at
/// the call as for a Tell (buffers lent to the channel's node, their bytes crossing once per node) and
/// travels through the exchanges, in order per sending node, to the channel's inlet there, which puts it
/// into the channel and answers. The node keeps one <see cref="RemoteSendWindow"/> per channel, shared by
/// all its remote send ends of it: for a bounded channel, at most its capacity unconfirmed items, so a full
/// channel holds remote senders back without a round trip per item. A remote send end holds nothing:
/// <see cref="Release"/> does nothing.
/// </summary>
internal sealed class RemoteChannelSender<T> : ChannelSender<T>
{
    private readonly RemoteChannelTarget _remote;
    private readonly int? _capacity;
    private RemoteSendWindow? _window;

    internal RemoteChannelSender(RemoteChannelTarget remote, int? capacity)
        : base(remote.ChannelName)
    {
        _remote = remote;
        _capacity = capacity;
    }

    public override DomainChannel<T>? Channel => null;

    public override Guid ChannelId => _remote.ChannelId;

    public override bool IsClosed => SendWindow?.IsClosed ?? false;

    public override Task FlushAsync(CancellationToken cancellationToken = default) => RemoteWindow().FlushAsync(cancellationToken);

    public override void Close() => RemoteWindow().Close();

    public override void Release()
    {
    }

    public override ISurrogate ToSurrogate(ActorSystem system) =>
        new ChannelSenderSurrogate<T>(_remote.Inlet.ToSurrogate(system), Name, _capacity, _remote.ChannelId);

    internal override ValueTask SendCoreAsync(T item, UnboundItemPolicy? unboundItems, CancellationToken cancellationToken) =>
        RemoteWindow().SendAsync(Payload(item, unboundItems), cancellationToken);

    internal override bool TrySendCore(T item, UnboundItemPolicy? unboundItems) => RemoteWindow().TrySend(Payload(item, unboundItems));

    internal override void SendCore(T item, TimeSpan timeout, UnboundItemPolicy? unboundItems) => RemoteWindow().Send(Payload(item, unboundItems), timeout);

    // The choice of unbound-item rule travels with the item, and the channel's node applies it.
    private static object? Payload(T item, UnboundItemPolicy? unboundItems) =>
        unboundItems is { } policy ? new UnboundChoice(item, policy) : item;

    /// <summary>This node's send window of the channel, shared with its other remote send ends of it.</summary>
    /// <exception cref="InvalidOperationException">No exchange runs on this node.</exception>
    private RemoteSendWindow RemoteWindow() => SendWindow ?? throw new InvalidOperationException(
        $"Sending on the remote send end of channel '{Name}' needs this node's buffer exchange: start it with ClusterExchange.StartAsync. Nothing was sent.");

    /// <summary>This node's send window of the channel; null when no exchange runs here.</summary>
    internal RemoteSendWindow? SendWindow
    {
        get
        {
            if (_window is { } window) return window;
            if (ClusterExchange.Find(_remote.Inlet.Actors.Runtime) is not { } exchange) return null;
            // Kept once found: after the channel's node is gone the exchange forgets the window, closed, and this end stays closed.
            return _window = exchange.RemoteChannels.WindowFor(_remote.Inlet, Name, _capacity);
        }
    }

    public override string ToString() => $"remote send end of channel '{Name}' on {_remote.Inlet.Node}";
}
