using ActorInterp.Domains;

namespace ActorInterp.Actors;

// Batch sends: many items in one call. The channel's own send end puts a batch in under one lock; every other
// end sends item by item (a loop over the single-item send), with the same contract.
public abstract partial class ChannelSender<T>
{
    /// <summary>
    /// Sends the leading items of <paramref name="items"/> for which there is room now, in order, and returns
    /// how many it sent: exactly <c>items[..n]</c> went in, and the rest were not sent (lent nothing, and are
    /// still only the caller's). Never blocks. 0 when a bounded channel is full (or, on a remote send end, its
    /// node's window of the channel is), or <paramref name="items"/> is empty. Each item is marshalled as by
    /// <see cref="TrySend(T)"/> and follows the channel's <see cref="DomainChannel{T}.UnboundItems"/>. Any thread.
    /// </summary>
    /// <remarks>
    /// A failure ends the batch without taking effect for the item it concerns: when it comes after some items
    /// went in (the channel closed in between, or an item cannot cross), the call returns their count, and a
    /// call starting at the item that failed reports the failure. On this node's own send end a batch goes in
    /// under one lock, so a close takes effect before or after all of the items a call puts in.
    /// </remarks>
    /// <exception cref="NotShareableException">The first item cannot cross; nothing was sent.</exception>
    /// <exception cref="DomainChannelClosedException">The channel is closed for sending; nothing was sent.</exception>
    /// <exception cref="InvalidOperationException">A remote send end that cannot send (see the remote layer); nothing was sent.</exception>
    public virtual int TrySendMany(ReadOnlySpan<T> items)
    {
        var sent = 0;
        try
        {
            while (sent < items.Length && TrySend(items[sent])) sent++;
        }
        catch (Exception) when (sent > 0)
        {
            // The item at 'sent' was not sent (TrySend took no effect); the count tells the caller, and a call
            // starting at that item reports why.
        }
        return sent;
    }

    /// <summary>
    /// Sends every item of <paramref name="items"/>, in order, waiting while a bounded channel is full, and
    /// returns how many went in: <c>items.Length</c>, or fewer when the batch ended early after some went in
    /// (then exactly <c>items[..n]</c> went in and the rest are still only the caller's; a call starting at
    /// the next item reports why). The caller must not change <paramref name="items"/> until the task
    /// completes. Each item is marshalled as by <see cref="SendAsync(T, CancellationToken)"/>, on the thread
    /// that puts it in (the calling domain's). Remote send ends complete as their single sends do (once the
    /// items are on their way; see <see cref="FlushAsync"/>).
    /// </summary>
    /// <exception cref="NotShareableException">The first item cannot cross (thrown at the call); nothing was sent.</exception>
    /// <exception cref="DomainChannelClosedException">The channel is closed for sending, at the call or before the first item went in; nothing was sent.</exception>
    /// <exception cref="OperationCanceledException">(In the task) cancelled before the first item went in; nothing was sent. Cancelled later, the task returns the count sent.</exception>
    /// <exception cref="DomainClosedException">(In the task) the sending domain is closing with force, or its runtime is shutting down, before the first item went in; nothing was sent.</exception>
    /// <exception cref="InvalidOperationException">A remote send end that cannot send (see the remote layer); nothing was sent.</exception>
    public virtual async ValueTask<int> SendManyAsync(ReadOnlyMemory<T> items, CancellationToken cancellationToken = default)
    {
        var sent = 0;
        try
        {
            for (; sent < items.Length; sent++) await SendAsync(items.Span[sent], cancellationToken).ConfigureAwait(true);
        }
        catch (Exception) when (sent > 0)
        {
            // As in TrySendMany: the item at 'sent' was not sent, and the count tells the caller.
        }
        return sent;
    }
}
