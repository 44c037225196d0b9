using ActorInterp.Domains;

namespace ActorInterp.Actors;

// The receive end's operations. A receive that waits takes no item while it waits: it takes one when it
// runs again on the receiving domain's thread, where the item is opened at once. If its domain closes
// first, it never runs again and has taken nothing, so each item still reaches exactly one receiver.
// Every form works on entries (an item, or the placeholder of an unbound item); the plain forms turn a
// placeholder into ItemOwnerClosedException.
public sealed partial class DomainChannel<T>
{
    internal ValueTask<T> ReceiveAsync(CancellationToken cancellationToken)
    {
        var receiver = PrepareReceive();
        if (TryTake(receiver, entries: false, out var entry)) return new ValueTask<T>(entry.Item);
        return new ValueTask<T>(ReceiveSlowAsync(receiver, _takeItem ??= TakeItem, cancellationToken));
    }

    internal ValueTask<ChannelEntry<T>> ReceiveEntryAsync(CancellationToken cancellationToken)
    {
        var receiver = PrepareReceive();
        if (TryTake(receiver, entries: true, out var entry)) return new ValueTask<ChannelEntry<T>>(entry);
        return new ValueTask<ChannelEntry<T>>(ReceiveSlowAsync(receiver, _takeEntry ??= TakeEntry, cancellationToken));
    }

    // A Task, not a ValueTask: its completion runs the caller's continuation inline when it completes on the
    // domain's thread under its context, so the item taken reaches the caller within the same turn, before a
    // forced close can come between.
    // The result is made here (an item, an entry, or a count of items) by the take itself rather than by a task
    // after this one, which could let a close come between the take and the caller.
    private async Task<TResult> ReceiveSlowAsync<TResult>(Domain? receiver, Taker<TResult> take, CancellationToken cancellationToken)
    {
        using var wait = new DomainWait(receiver, cancellationToken);
        using var waiting = _counters.ReceiverWaits();
        while (true)
        {
            bool open;
            try
            {
                // Inside a domain the continuation comes back to its thread (its context, or its actor's).
                open = await _queue.WaitToReadAsync(wait.Token).ConfigureAwait(receiver is not null);
            }
            catch (OperationCanceledException) when (wait.EndedByDomain)
            {
                throw wait.Ended($"nothing was taken from channel '{Name}'");
            }
            if (!open) throw ReceiveClosed();
            if (receiver is null || receiver.IsCurrent)
            {
                if (take(receiver, out var result)) return result;
                continue; // another receiver was first
            }
            // The wait ended on another thread (awaited without the domain's context): take on its thread.
            (bool Taken, TResult Result) taken;
            try
            {
                taken = await receiver.RunInternalAsync(() => (take(receiver, out var r), r)).ConfigureAwait(false);
            }
            catch (DomainClosedException)
            {
                throw wait.Ended($"nothing was taken from channel '{Name}'");
            }
            if (taken.Taken) return taken.Result;
        }
    }

    /// <summary>One try to take for a receive that waited, on the receiver's thread: its result when it took.</summary>
    private delegate bool Taker<TResult>(Domain? receiver, out TResult result);

    // Made once per channel, so that a receive that waits allocates no delegate.
    private Taker<T>? _takeItem;
    private Taker<ChannelEntry<T>>? _takeEntry;

    private bool TakeItem(Domain? receiver, out T item)
    {
        var taken = TryTake(receiver, entries: false, out var entry);
        item = entry.Item;
        return taken;
    }

    private bool TakeEntry(Domain? receiver, out ChannelEntry<T> entry) => TryTake(receiver, entries: true, out entry);

    internal bool TryReceive(out T item)
    {
        var got = TryReceiveEntry(entries: false, out var entry);
        item = got ? entry.Item : default!;
        return got;
    }

    internal bool TryReceiveEntry(bool entries, out ChannelEntry<T> entry)
    {
        var receiver = PrepareReceive();
        if (TryTake(receiver, entries, out entry)) return true;
        if (_queue.IsDrained) throw ReceiveClosed();
        return false;
    }

    internal T Receive(TimeSpan timeout) => ReceiveEntry(entries: false, timeout).Item;

    internal ChannelEntry<T> ReceiveEntry(bool entries, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero, nameof(timeout));
        var receiver = PrepareReceive();
        if (TryTake(receiver, entries, out var entry)) return entry;
        // The calling thread blocks for the outcome, and takes the item itself once one is there.
        using var timer = new CancellationTokenSource(timeout);
        using var wait = new DomainWait(receiver, timer.Token);
        using var waiting = _counters.ReceiverWaits();
        while (true)
        {
            bool open;
            try
            {
                open = _queue.WaitToReadAsync(wait.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (wait.EndedByDomain)
            {
                throw wait.Ended($"nothing was taken from channel '{Name}'");
            }
            catch (OperationCanceledException) when (timer.IsCancellationRequested)
            {
                throw new TimeoutException($"No item arrived on channel '{Name}' within {timeout.TotalMilliseconds:0} ms.");
            }
            if (!open) throw ReceiveClosed();
            if (TryTake(receiver, entries, out entry)) return entry;
        }
    }

    /// <summary>
    /// Takes the next item for <paramref name="receiver"/> (null: outside every domain) and opens it, on the
    /// receiver's thread. Outside every domain, an item with buffers is left in the channel. An unbound item
    /// is stepped over (removed), thrown (<see cref="UnboundItemPolicy.Error"/>, and
    /// <see cref="UnboundItemPolicy.Marker"/> unless <paramref name="entries"/>) or returned as its placeholder.
    /// </summary>
    private bool TryTake(Domain? receiver, bool entries, out ChannelEntry<T> entry)
    {
        while (true)
        {
            if (receiver is null && _queue.TryPeek(out var next) && HoldsBorrows(next))
                throw OutsideWithBuffers(next.Marshalled!, dropped: false);
            if (!TryReadItem(out var item))
            {
                entry = default;
                return false;
            }
            if (!Claim(item)) continue; // removed as it was read
            CountReceived();
            if (item.Bound?.Marker is { } marker)
            {
                if (entries && item.Bound.Policy == UnboundItemPolicy.Marker)
                {
                    entry = new ChannelEntry<T>(marker);
                    return true;
                }
                throw item.Bound.Error(plainForm: !entries);
            }
            entry = new ChannelEntry<T>(Materialise(item, receiver));
            return true;
        }
    }

    private T Materialise(ChannelItem<T> item, Domain? receiver)
    {
        if (item.Marshalled is not { } marshalled) return item.Value;
        if (receiver is null || !receiver.IsCurrent)
        {
            // Only when another receiver took the item looked at between the look and the take.
            item.Drop();
            throw OutsideWithBuffers(marshalled, dropped: true);
        }
        return (T)marshalled.Open();
    }

    private WrongDomainException OutsideWithBuffers(MarshalledMessage marshalled, bool dropped) => new("(none)",
        $"An item of channel '{Name}' holds {marshalled.BufferCount} buffer(s), which only a domain can receive, and the receive was made outside every domain; " +
        (dropped ? "it was dropped and its borrows were given back. " : "it stays in the channel. ") +
        "Receive it inside a domain (RunAsync, an actor).");
}
