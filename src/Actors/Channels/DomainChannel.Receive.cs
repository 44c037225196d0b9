using ActorInterp.Domains;
using SysChannelClosed = System.Threading.Channels.ChannelClosedException;

namespace ActorInterp.Actors;

// The receive end's operations. A receive that waits takes no item while it waits: it takes one when it
// runs again on the receiving domain's thread, where the item is opened at once. If its domain closes
// first, it never runs again and has taken nothing, so each item still reaches exactly one receiver.
public sealed partial class DomainChannel<T>
{
    internal ValueTask<T> ReceiveAsync(CancellationToken cancellationToken)
    {
        var receiver = PrepareReceive();
        if (TryTake(receiver, out var value)) return new ValueTask<T>(value);
        return new ValueTask<T>(ReceiveSlowAsync(receiver, cancellationToken));
    }

    // A Task, not a ValueTask: its completion runs the caller's continuation inline when it completes on the
    // domain's thread under its context, so the item taken reaches the caller within the same turn, before a
    // forced close can come between.
    private async Task<T> ReceiveSlowAsync(Domain? receiver, CancellationToken cancellationToken)
    {
        using var wait = new DomainWait(receiver, cancellationToken);
        using var waiting = _counters.ReceiverWaits();
        while (true)
        {
            bool open;
            try
            {
                // Inside a domain the continuation comes back to its thread (its context, or its actor's).
                open = await _queue.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(receiver is not null);
            }
            catch (OperationCanceledException) when (wait.EndedByDomain)
            {
                throw wait.Ended($"nothing was taken from channel '{Name}'");
            }
            if (!open) throw ReceiveClosed();
            if (receiver is null || receiver.IsCurrent)
            {
                if (TryTake(receiver, out var value)) return value;
                continue; // another receiver was first
            }
            // The wait ended on another thread (awaited without the domain's context): take on its thread.
            (bool Taken, T Value) taken;
            try
            {
                taken = await receiver.RunInternalAsync(() => (TryTake(receiver, out var v), v)).ConfigureAwait(false);
            }
            catch (DomainClosedException)
            {
                throw wait.Ended($"nothing was taken from channel '{Name}'");
            }
            if (taken.Taken) return taken.Value;
        }
    }

    internal bool TryReceive(out T item)
    {
        var receiver = PrepareReceive();
        if (TryTake(receiver, out item)) return true;
        if (_queue.Reader.Completion.IsCompleted) throw ReceiveClosed();
        return false;
    }

    internal T Receive(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero, nameof(timeout));
        var receiver = PrepareReceive();
        if (TryTake(receiver, out var value)) return value;
        // The calling thread blocks for the outcome, so the channel may hand it the item on its own thread.
        using var timer = new CancellationTokenSource(timeout);
        using var wait = new DomainWait(receiver, timer.Token);
        using var waiting = _counters.ReceiverWaits();
        ChannelItem<T> queued;
        try
        {
            queued = _queue.Reader.ReadAsync(wait.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (wait.EndedByDomain)
        {
            throw wait.Ended($"nothing was taken from channel '{Name}'");
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            throw new TimeoutException($"No item arrived on channel '{Name}' within {timeout.TotalMilliseconds:0} ms.");
        }
        catch (SysChannelClosed)
        {
            throw ReceiveClosed();
        }
        return Materialise(queued, receiver);
    }

    /// <summary>
    /// Takes the next item for <paramref name="receiver"/> (null: outside every domain) and opens it, on the
    /// receiver's thread. Outside every domain, an item with buffers is left in the channel.
    /// </summary>
    private bool TryTake(Domain? receiver, out T value)
    {
        if (receiver is null && _queue.Reader.TryPeek(out var next) && next.Marshalled is { } marshalled)
            throw OutsideWithBuffers(marshalled, dropped: false);
        if (!_queue.Reader.TryRead(out var item))
        {
            value = default!;
            return false;
        }
        value = Materialise(item, receiver);
        return true;
    }

    private T Materialise(ChannelItem<T> item, Domain? receiver)
    {
        CountReceived();
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
