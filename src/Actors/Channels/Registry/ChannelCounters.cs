namespace ActorInterp.Actors;

/// <summary>
/// The running figures of one channel, written with <see cref="Interlocked"/> from any thread. Items in and
/// items out each sit alone on a cache line: senders and receivers bump them on every item, usually from
/// different threads.
/// </summary>
internal sealed class ChannelCounters
{
    private PaddedCounter _in;
    private PaddedCounter _out;
    private long _dropped;
    private int _waitingSenders;
    private int _waitingReceivers;

    internal void ItemsIn(int items) => Interlocked.Add(ref _in.Value, items);

    internal void ItemsOut(int items) => Interlocked.Add(ref _out.Value, items);

    internal void ItemDropped() => Interlocked.Increment(ref _dropped);

    /// <summary>A send starts waiting for room; disposing the result ends the wait.</summary>
    internal Waiting SenderWaits()
    {
        Interlocked.Increment(ref _waitingSenders);
        return new Waiting(this, sender: true);
    }

    /// <summary>A receive starts waiting for an item; disposing the result ends the wait.</summary>
    internal Waiting ReceiverWaits()
    {
        Interlocked.Increment(ref _waitingReceivers);
        return new Waiting(this, sender: false);
    }

    internal ChannelStats Snapshot(int queued) => new()
    {
        ItemsIn = Interlocked.Read(ref _in.Value),
        ItemsOut = Interlocked.Read(ref _out.Value),
        ItemsDropped = Interlocked.Read(ref _dropped),
        Queued = queued,
        WaitingSenders = Volatile.Read(ref _waitingSenders),
        WaitingReceivers = Volatile.Read(ref _waitingReceivers),
    };

    /// <summary>One wait of a send or a receive, counted until it is disposed (once).</summary>
    internal readonly struct Waiting(ChannelCounters counters, bool sender) : IDisposable
    {
        public void Dispose()
        {
            if (sender) Interlocked.Decrement(ref counters._waitingSenders);
            else Interlocked.Decrement(ref counters._waitingReceivers);
        }
    }
}
