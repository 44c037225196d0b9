namespace ActorInterp.Actors;

// The channel as tools and logs see it: its id, its figures, and whether it is closed for good
// (runtime.Channels lists it until then). The channel registers itself as its constructor ends.
public sealed partial class DomainChannel<T> : IDomainChannel
{
    private readonly ChannelCounters _counters = new();

    /// <inheritdoc />
    /// <remarks>
    /// A version 7 <see cref="Guid"/> (its leading bits are the creation time), made on the channel's node. Its
    /// ends carry it wherever they go: <see cref="ChannelSender{T}.ChannelId"/> and
    /// <see cref="ChannelReceiver{T}.ChannelId"/> give the same id in every domain and, on a cluster, on every node.
    /// </remarks>
    public Guid Id { get; } = Guid.CreateVersion7();

    /// <inheritdoc />
    public Type ItemType => typeof(T);

    /// <inheritdoc />
    public bool IsClosed => IsReceiveClosed || (IsSendClosed && Count == 0);

    /// <inheritdoc />
    public ChannelStats GetStats() => _counters.Snapshot(Count);

    /// <inheritdoc cref="IDomainChannel.Stats" />
    [Obsolete("Use GetStats(): each read makes a new snapshot.")]
    public ChannelStats Stats => GetStats();

    // Each item counted in the runtime's figures (ActorInterpStats) is counted in the channel's as well.

    private void CountSent(int items = 1)
    {
        RuntimeActors.Count(ref _actors.ChannelItemsSent.Value, items);
        _counters.ItemsIn(items);
    }

    private void CountReceived(int items = 1)
    {
        RuntimeActors.Count(ref _actors.ChannelItemsReceived.Value, items);
        _counters.ItemsOut(items);
    }

    private void CountDropped()
    {
        RuntimeActors.Count(ref _actors.ChannelItemsDropped);
        _counters.ItemDropped();
    }
}
