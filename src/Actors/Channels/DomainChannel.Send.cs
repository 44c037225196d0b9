using ActorInterp.Domains;

namespace ActorInterp.Actors;

// The send end's operations. An item goes into the channel only on the sending domain's thread (or the
// caller's, outside every domain): a send that waits for room waits without its item, and puts it in when
// it runs again. If its domain closes first, the send never puts it in and its borrows are given back,
// so a send reported failed has taken no effect. Every put goes through TryPut, under the gate where a close
// decides: a send either puts its item in before a close decides, or is refused as closed.
public sealed partial class DomainChannel<T>
{
    internal ValueTask SendAsync(T item, UnboundItemPolicy? unbound, CancellationToken cancellationToken)
    {
        var prepared = PrepareSend(item, unbound);
        if (TryPut(prepared))
        {
            Sent(prepared);
            return default;
        }
        if (IsSendClosed)
        {
            prepared.Drop();
            throw SendClosed();
        }
        return new ValueTask(SendSlowAsync(prepared, Domain.Current, cancellationToken));
    }

    // A Task, not a ValueTask: its completion runs the caller's continuation inline when it completes on the
    // domain's thread under its context, so the caller learns that its item went in within the same turn,
    // before a forced close can come between.
    private async Task SendSlowAsync(ChannelItem<T> prepared, Domain? sender, CancellationToken cancellationToken)
    {
        // While it waits, the item's borrows are listed with its domain, which gives them back if it closes
        // first: then this method never runs again (its continuation is dropped with the domain's mailbox).
        var holds = sender is not null && prepared.Marshalled is not null ? ChannelHolds.For(sender) : null;
        holds?.AddWaitingSend(prepared.Marshalled!);
        var sent = false;
        using var wait = new DomainWait(sender, cancellationToken);
        using var waiting = _counters.SenderWaits();
        try
        {
            while (true)
            {
                bool open;
                try
                {
                    // Inside a domain the continuation comes back to its thread (its context, or its actor's).
                    open = await _queue.WaitToWriteAsync(wait.Token).ConfigureAwait(sender is not null);
                }
                catch (OperationCanceledException) when (wait.EndedByDomain)
                {
                    throw wait.Ended($"the item was not sent on channel '{Name}'{BorrowsGivenBack(prepared)}");
                }
                if (!open) throw SendClosed();
                sent = sender is null || sender.IsCurrent
                    ? TryPut(prepared)
                    : await PutOnThreadOf(sender, prepared, wait).ConfigureAwait(false);
                if (sent)
                {
                    Sent(prepared);
                    return;
                }
                if (IsSendClosed) throw SendClosed(); // a close came between the wait and the put
            }
        }
        finally
        {
            if (!sent) prepared.Drop();
            holds?.EndWaitingSend(prepared.Marshalled!);
        }
    }

    // The wait ended on another thread (the caller awaited without its domain's context): the item goes in
    // on the domain's thread, or not at all if the domain closed.
    private async Task<bool> PutOnThreadOf(Domain sender, ChannelItem<T> prepared, DomainWait wait)
    {
        try
        {
            return await sender.RunInternalAsync(() => TryPut(prepared)).ConfigureAwait(false);
        }
        catch (DomainClosedException)
        {
            throw wait.Ended($"the item was not sent on channel '{Name}'{BorrowsGivenBack(prepared)}");
        }
    }

    internal bool TrySend(T item, UnboundItemPolicy? unbound)
    {
        CheckSendOpen();
        if (IsFull) return false; // nothing is lent for an item that cannot go in
        var prepared = PrepareSend(item, unbound);
        if (TryPut(prepared))
        {
            Sent(prepared);
            return true;
        }
        prepared.Drop();
        CheckSendOpen();
        return false;
    }

    internal void Send(T item, TimeSpan timeout, UnboundItemPolicy? unbound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero, nameof(timeout));
        var prepared = PrepareSend(item, unbound);
        var sent = TryPut(prepared);
        if (sent)
        {
            Sent(prepared);
            return;
        }
        // The calling thread blocks until there is room, then puts the item in itself (through TryPut, like
        // every send), or gives its borrows back if it fails.
        using var timer = new CancellationTokenSource(timeout);
        using var wait = new DomainWait(Domain.Current, timer.Token);
        using var waiting = _counters.SenderWaits();
        try
        {
            while (!sent)
            {
                if (IsSendClosed || !_queue.WaitToWriteAsync(wait.Token).AsTask().GetAwaiter().GetResult()) throw SendClosed();
                sent = TryPut(prepared);
            }
        }
        catch (OperationCanceledException) when (wait.EndedByDomain)
        {
            throw wait.Ended($"the item was not sent on channel '{Name}'{BorrowsGivenBack(prepared)}");
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            throw new TimeoutException($"Channel '{Name}' stayed full for {timeout.TotalMilliseconds:0} ms; the item was not sent{BorrowsGivenBack(prepared)}.");
        }
        finally
        {
            if (!sent) prepared.Drop();
        }
        Sent(prepared);
    }

    /// <summary>
    /// Puts the item into the queue unless the channel is full or closed for sending (false either way). The
    /// check and the write are one step under _gate, where a close decides whether the channel is empty and
    /// marks it closed; otherwise an item could go in between a close's decision and the queue's completion,
    /// and the close would drop it although its send reported success.
    /// </summary>
    private bool TryPut(ChannelItem<T> prepared)
    {
        Probe?.BeforePut?.Invoke();
        using (_queue.Enter()) return !_sendClosed && _queue.TryWriteLocked(prepared);
    }

    private static string BorrowsGivenBack(ChannelItem<T> prepared) =>
        prepared.Marshalled is null ? "" : " (its borrows were given back)";
}
