using System.Collections.Concurrent;

namespace ActorInterp.Cluster;

/// <summary>
/// Messages sent through the exchange and not yet known to be in their target's mailbox, counted per target's
/// full path: while any is, later messages to that target go through the exchange too, since plain remoting would
/// let them overtake it (the exchange delivers only once the buffers' bytes arrived). Thread-safe; cheap while no
/// message is on its way.
/// </summary>
internal sealed class InFlightMessages
{
    private readonly ConcurrentDictionary<string, int> _byTarget = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>True when no message at all is on its way (checked first: it costs one read).</summary>
    internal bool None => Volatile.Read(ref _total) <= 0;

    /// <summary>True when a message to <paramref name="target"/> (a full path) is still on its way.</summary>
    internal bool AnyTo(string target) => _byTarget.TryGetValue(target, out var count) && count > 0;

    /// <summary>
    /// A message to <paramref name="target"/> is about to be handed to the exchange: counted before the exchange sees
    /// it, so that the sender's next message to the target already follows it.
    /// </summary>
    internal void Sent(string target)
    {
        Interlocked.Increment(ref _total);
        _byTarget.AddOrUpdate(target, 1, static (_, count) => count + 1);
    }

    /// <summary>A message counted by <see cref="Sent"/> reached its target's mailbox, was dropped, or its node is gone.</summary>
    internal void Landed(string target)
    {
        if (_byTarget.AddOrUpdate(target, 0, static (_, count) => count - 1) <= 0)
            _byTarget.TryRemove(new KeyValuePair<string, int>(target, 0));
        Interlocked.Decrement(ref _total);
    }
}
