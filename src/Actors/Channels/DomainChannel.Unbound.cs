namespace ActorInterp.Actors;

// The unbound-item rule (UnboundItemPolicy): which items are watched by their owners, and how the queue treats
// an item that became unbound. A removed item cannot be taken out of the middle of the queue, so it stays there
// as a tombstone that no longer counts: Count leaves it out at once, receives step over it, and it is purged as
// soon as it reaches the head of the queue, which frees its place in a bounded channel. Every read of the queue
// happens under _gate (where sends put theirs, one lock for both: a receive takes one lock, not two), so that the
// purge never takes an item a receiver should have had.
public sealed partial class DomainChannel<T>
{
    private int _removedQueued;

    /// <summary>
    /// What happens, by default, to an item of this channel whose buffers' owner goes away while it is queued
    /// (see <see cref="UnboundItemPolicy"/>); a send may choose otherwise for its item. Set when the channel is
    /// created; <see cref="UnboundItemPolicy.Keep"/> unless given.
    /// </summary>
    public UnboundItemPolicy UnboundItems { get; internal set; }

    /// <summary>The watch for a marshalled item under rule <paramref name="policy"/> (the channel's when null); null when it is kept whole.</summary>
    private BoundItem? Bind(MarshalledMessage marshalled, UnboundItemPolicy? policy)
    {
        var rule = policy ?? UnboundItems;
        return rule == UnboundItemPolicy.Keep ? null : new BoundItem(marshalled, rule, Name, OnItemRemoved);
    }

    /// <summary>The item went into the queue: it counts as sent, and its owners watch it from now on.</summary>
    private void Sent(ChannelItem<T> item)
    {
        CountSent();
        item.Bound?.Queue();
    }

    private void OnItemRemoved()
    {
        Interlocked.Increment(ref _removedQueued);
        CountDropped();
        using (_queue.Enter()) PurgeRemovedHead();
    }

    /// <summary>Reads the next item that was not removed, purging removed items at the head behind it.</summary>
    private bool TryReadItem(out ChannelItem<T> item)
    {
        using (_queue.Enter())
        {
            while (_queue.TryReadLocked(out item))
            {
                if (item.Bound is { IsRemoved: true })
                {
                    Interlocked.Decrement(ref _removedQueued);
                    continue;
                }
                // Nothing removed is queued (the usual case, and always under Keep): no head to purge. A removal
                // counted after this read purges the head itself, under this gate.
                if (Volatile.Read(ref _removedQueued) != 0) PurgeRemovedHead();
                return true;
            }
            return false;
        }
    }

    private void PurgeRemovedHead()
    {
        while (_queue.TryPeekLocked(out var head) && head.Bound is { IsRemoved: true } && _queue.TryReadLocked(out _))
            Interlocked.Decrement(ref _removedQueued);
    }

    /// <summary>
    /// Claims an item read from the queue: true when it is whole, or unbound under Error or Marker (its
    /// <see cref="BoundItem.Marker"/> says so); false when it was removed after it was read, so it is skipped.
    /// </summary>
    private bool Claim(ChannelItem<T> item)
    {
        if (item.Bound is not { } bound || bound.Claim() || bound.Policy != UnboundItemPolicy.Remove) return true;
        Interlocked.Decrement(ref _removedQueued); // it counted as removed while it was already out of the queue
        return false;
    }

    /// <summary>The item's removal took place before a receive that peeks at it: it holds no borrow any more.</summary>
    private static bool HoldsBorrows(ChannelItem<T> item) => item.Marshalled is not null && item.Bound?.Marker is null;
}
