using ActorInterp.Domains;
using Akka.Actor;
using Akka.Util;

namespace ActorInterp.Actors;

/// <summary>The send end of a channel of this node: every send puts its item into the channel itself.</summary>
internal sealed class LocalChannelSender<T> : ChannelSender<T>, IChannelEnd
{
    private readonly DomainChannel<T> _channel;
    private readonly EndHolders _holders;

    internal LocalChannelSender(DomainChannel<T> channel)
        : base(channel.Name)
    {
        _channel = channel;
        _holders = new EndHolders(Close);
    }

    public override DomainChannel<T> Channel => _channel;

    public override Guid ChannelId => _channel.Id;

    public override bool IsClosed => _channel.IsSendClosed;

    public override Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public override void Close() => _channel.CloseSendEnd();

    public override void Release()
    {
        if (Domain.Current is { } domain) ChannelHolds.For(domain).Release(this);
        else _holders.ReleaseOutside();
    }

    /// <exception cref="InvalidOperationException">The actor system has no remote layer, or it cannot carry channel ends.</exception>
    public override ISurrogate ToSurrogate(ActorSystem system)
    {
        var remote = ActorSystemLayer.Of(system).Remote ?? throw new InvalidOperationException(
            $"The send end of channel '{Name}' can go to another node only through a remote layer, and actor system '{system.Name}' has none: start the node's buffer exchange.");
        return remote.SenderSurrogate(_channel, system);
    }

    internal override ValueTask SendCoreAsync(T item, UnboundItemPolicy? unboundItems, CancellationToken cancellationToken) =>
        _channel.SendAsync(item, unboundItems, cancellationToken);

    public override int TrySendMany(ReadOnlySpan<T> items) => _channel.TrySendMany(items);

    public override ValueTask<int> SendManyAsync(ReadOnlyMemory<T> items, CancellationToken cancellationToken = default) =>
        _channel.SendManyAsync(items, cancellationToken);

    internal override bool TrySendCore(T item, UnboundItemPolicy? unboundItems) => _channel.TrySend(item, unboundItems);

    internal override void SendCore(T item, TimeSpan timeout, UnboundItemPolicy? unboundItems) => _channel.Send(item, timeout, unboundItems);

    internal void HoldOutside() => _holders.HoldOutside();

    void IChannelEnd.AddHolder(Domain domain) => _holders.Add(domain);

    void IChannelEnd.RemoveHolder(Domain domain) => _holders.Remove(domain);

    public override string ToString() => $"send end of {_channel}";
}
