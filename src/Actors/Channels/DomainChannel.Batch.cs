using System.Buffers;
using System.Runtime.ExceptionServices;
using ActorInterp.Domains;

namespace ActorInterp.Actors;

// Batches: many items through one hold check and one lock, rather than one of each per item. A batch send
// prepares a chunk of items (marshals them), puts as many as there is room for in one step under _gate, and
// gives back the borrows of those that did not go in, so every item is either in the channel or still only
// the caller's. A batch receive takes, in one step, the leading items that need nothing done to receive them
// (no buffers, no unbound-item rule); an item that does is taken alone, by the single-item take, so a failure
// on it never strands items taken before it.
public sealed partial class DomainChannel<T>
{
    // Items prepared per step of a batch send: the borrows of a chunk that does not fit are given back at once.
    private const int SendChunk = 256;

    internal int TrySendMany(ReadOnlySpan<T> items)
    {
        CheckSendOpen();
        if (items.IsEmpty) return 0;
        HoldSendEnd();
        var chunk = ArrayPool<ChannelItem<T>>.Shared.Rent(Math.Min(items.Length, SendChunk));
        var sent = 0;
        try
        {
            while (sent < items.Length)
            {
                var size = Math.Min(chunk.Length, items.Length - sent);
                // Nothing is lent for items that cannot go in: a full channel takes nothing, and a chunk is
                // no larger than the room there is now (more room may come; never less than what is taken).
                if (Capacity is int bound) size = Math.Min(size, bound - _queue.Count);
                if (size <= 0) break;
                var prepared = PrepareChunk(items.Slice(sent, size), chunk, out var failure);
                if (prepared == 0 && failure is not null)
                {
                    if (sent == 0) failure.Throw(); // the batch's first item: nothing was sent
                    break;                          // reported by the next call, which starts at that item
                }
                int put;
                using (_queue.Enter()) put = _sendClosed ? 0 : _queue.TryWriteManyLocked(chunk.AsSpan(0, prepared));
                SentMany(chunk.AsSpan(0, put));
                for (var i = put; i < prepared; i++) chunk[i].Drop();
                sent += put;
                if (failure is not null) break;
                if (put < size) break;
            }
        }
        finally
        {
            ArrayPool<ChannelItem<T>>.Shared.Return(chunk, clearArray: true);
        }
        if (sent == 0 && IsSendClosed) throw SendClosed();
        return sent;
    }

    /// <summary>
    /// Wraps <paramref name="items"/> into <paramref name="chunk"/> and returns how many it wrapped: all of
    /// them, or those before the first that cannot cross, whose exception is then in <paramref name="failure"/>.
    /// </summary>
    private int PrepareChunk(ReadOnlySpan<T> items, ChannelItem<T>[] chunk, out ExceptionDispatchInfo? failure)
    {
        failure = null;
        if (ItemsPass)
        {
            for (var i = 0; i < items.Length; i++) chunk[i] = new ChannelItem<T>(items[i], null);
            return items.Length;
        }
        var done = 0;
        try
        {
            for (; done < items.Length; done++) chunk[done] = Wrap(items[done], null);
        }
        catch (Exception ex)
        {
            // Not swallowed: TrySendMany throws it when no item of the batch went in, and otherwise reports the
            // items that did, so that the next call, starting at this item, throws it again.
            failure = ExceptionDispatchInfo.Capture(ex);
        }
        return done;
    }

    private void SentMany(ReadOnlySpan<ChannelItem<T>> items)
    {
        if (items.IsEmpty) return;
        CountSent(items.Length);
        foreach (var item in items) item.Bound?.Queue();
    }

    internal ValueTask<int> SendManyAsync(ReadOnlyMemory<T> items, CancellationToken cancellationToken)
    {
        var sent = TrySendMany(items.Span);
        return sent == items.Length ? new ValueTask<int>(sent) : new ValueTask<int>(SendManySlowAsync(items, sent, cancellationToken));
    }

    // Waits for room with the next item, by the single-item send (which puts it in on the domain's thread, or
    // not at all), then sends what fits after it. A failure after items went in ends the batch with their count.
    private async Task<int> SendManySlowAsync(ReadOnlyMemory<T> items, int sent, CancellationToken cancellationToken)
    {
        while (sent < items.Length)
        {
            try
            {
                await SendAsync(items.Span[sent], null, cancellationToken).ConfigureAwait(Domain.Current is not null);
                sent++;
                sent += TrySendMany(items.Span[sent..]);
            }
            catch (Exception) when (sent > 0)
            {
                return sent;
            }
        }
        return sent;
    }

    internal int TryReceiveMany(Span<T> into)
    {
        var receiver = PrepareReceive();
        if (into.IsEmpty) return 0;
        var taken = TakeMany(receiver, into);
        if (taken > 0) return taken;
        if (_queue.IsDrained) throw ReceiveClosed();
        return 0;
    }

    internal ValueTask<int> ReceiveManyAsync(Memory<T> into, CancellationToken cancellationToken)
    {
        if (into.IsEmpty) throw new ArgumentException($"A batch receive from channel '{Name}' needs room for at least one item.", nameof(into));
        var receiver = PrepareReceive();
        var taken = TakeMany(receiver, into.Span);
        if (taken > 0) return new ValueTask<int>(taken);
        return new ValueTask<int>(ReceiveSlowAsync(receiver, (Domain? r, out int n) => (n = TakeMany(r, into.Span)) > 0, cancellationToken));
    }

    /// <summary>Copies the leading plain items of <paramref name="queued"/> (no buffers, no rule) into <paramref name="into"/>; how many.</summary>
    private static int TakePlain(ReadOnlySpan<ChannelItem<T>> queued, Span<T> into)
    {
        var n = Math.Min(queued.Length, into.Length);
        for (var i = 0; i < n; i++)
        {
            ref readonly var item = ref queued[i];
            if (item.Marshalled is not null || item.Bound is not null) return i;
            into[i] = item.Value;
        }
        return n;
    }

    /// <summary>
    /// Takes the leading items that need nothing done to receive them, in one step; when the first one does,
    /// takes it alone through <see cref="TryTake"/> (which opens it, or throws having taken it as a single
    /// receive would). Returns how many items are in <paramref name="into"/>.
    /// </summary>
    private int TakeMany(Domain? receiver, Span<T> into)
    {
        var n = 0;
        using (_queue.Enter())
        {
            _queue.PeekAllLocked(out var first, out var second);
            n = TakePlain(first, into);
            if (n == first.Length) n += TakePlain(second, into[n..]);
            if (n > 0) _queue.DropHeadLocked(n);
        }
        if (n > 0)
        {
            CountReceived(n);
            return n;
        }
        if (!TryTake(receiver, entries: false, out var entry)) return 0;
        into[0] = entry.Item;
        return 1;
    }
}
