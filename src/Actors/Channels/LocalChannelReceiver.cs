using ActorInterp.Domains;
using Akka.Actor;
using Akka.Util;

namespace ActorInterp.Actors;

/// <summary>The receive end of a channel of this node: every receive takes from the channel itself.</summary>
internal sealed class LocalChannelReceiver<T> : ChannelReceiver<T>, IChannelEnd
{
    private readonly DomainChannel<T> _channel;
    private readonly EndHolders _holders;

    internal LocalChannelReceiver(DomainChannel<T> channel)
        : base(channel.Name)
    {
        _channel = channel;
        // A receive end that nobody holds any more closes and drops what is queued, giving its borrows back.
        _holders = new EndHolders(() => Close(force: true));
    }

    public override DomainChannel<T> Channel => _channel;

    public override Guid ChannelId => _channel.Id;

    public override bool IsClosed => _channel.IsReceiveClosed;

    public override ValueTask<T> ReceiveAsync(CancellationToken cancellationToken = default) => _channel.ReceiveAsync(cancellationToken);

    public override bool TryReceive(out T item) => _channel.TryReceive(out item);

    public override T Receive(TimeSpan timeout) => _channel.Receive(timeout);

    public override int TryReceiveMany(Span<T> items) => _channel.TryReceiveMany(items);

    public override ValueTask<int> ReceiveManyAsync(Memory<T> items, CancellationToken cancellationToken = default) =>
        _channel.ReceiveManyAsync(items, cancellationToken);

    public override ValueTask<ChannelEntry<T>> ReceiveEntryAsync(CancellationToken cancellationToken = default) => _channel.ReceiveEntryAsync(cancellationToken);

    public override bool TryReceiveEntry(out ChannelEntry<T> entry) => _channel.TryReceiveEntry(entries: true, out entry);

    public override ChannelEntry<T> ReceiveEntry(TimeSpan timeout) => _channel.ReceiveEntry(entries: true, timeout);

    public override void Close(bool force = false) => _channel.CloseReceiveEnd(force);

    public override void Release()
    {
        if (Domain.Current is { } domain) ChannelHolds.For(domain).Release(this);
        else _holders.ReleaseOutside();
    }

    /// <exception cref="InvalidOperationException">The actor system has no remote layer, or it cannot carry channel ends.</exception>
    public override ISurrogate ToSurrogate(ActorSystem system)
    {
        var remote = ActorSystemLayer.Of(system).Remote ?? throw new InvalidOperationException(
            $"The receive end of channel '{Name}' can go to another node only through a remote layer, and actor system '{system.Name}' has none: start the node's buffer exchange.");
        return remote.ReceiverSurrogate(_channel, system);
    }

    internal void HoldOutside() => _holders.HoldOutside();

    void IChannelEnd.AddHolder(Domain domain) => _holders.Add(domain);

    void IChannelEnd.RemoveHolder(Domain domain) => _holders.Remove(domain);

    public override string ToString() => $"receive end of {_channel}";
}
