using ActorInterp.Domains;

namespace ActorInterp.Actors;

// Sends that choose, for their item, what happens if its buffers' owner goes away while it is queued.
public abstract partial class ChannelSender<T>
{
    /// <summary>
    /// Sends <paramref name="item"/> as <see cref="SendAsync(T, CancellationToken)"/> does, with
    /// <paramref name="unboundItems"/> instead of the channel's <see cref="DomainChannel{T}.UnboundItems"/> for
    /// this item: what happens to it if the owner of its buffers goes away while it is queued. An item without
    /// buffers has no owner, and the rule never applies to it. On a remote send end the choice travels with the
    /// item and the channel's node applies it, as it applies the channel's own rule.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="unboundItems"/> is not a defined value; nothing was sent.</exception>
    /// <exception cref="NotShareableException">The item cannot cross (thrown at the call; the channel is unchanged).</exception>
    /// <exception cref="DomainChannelClosedException">The channel is closed for sending (at the call, or while waiting; the item was not sent).</exception>
    /// <exception cref="OperationCanceledException">(In the task) cancelled while waiting; the item was not sent.</exception>
    /// <exception cref="DomainClosedException">(In the task) the sending domain is closing with force, or its runtime is shutting down, while the send waited; the item was not sent and its borrows were given back.</exception>
    /// <exception cref="InvalidOperationException">A remote send end that cannot send (see the remote layer); nothing was sent.</exception>
    public ValueTask SendAsync(T item, UnboundItemPolicy unboundItems, CancellationToken cancellationToken = default)
    {
        Check(unboundItems);
        return SendCoreAsync(item, unboundItems, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="item"/> if there is room now, as <see cref="TrySend(T)"/> does, with
    /// <paramref name="unboundItems"/> for this item (see <see cref="SendAsync(T, UnboundItemPolicy, CancellationToken)"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="unboundItems"/> is not a defined value; nothing was sent.</exception>
    /// <exception cref="NotShareableException">The item cannot cross; the channel is unchanged.</exception>
    /// <exception cref="DomainChannelClosedException">The channel is closed for sending.</exception>
    public bool TrySend(T item, UnboundItemPolicy unboundItems)
    {
        Check(unboundItems);
        return TrySendCore(item, unboundItems);
    }

    /// <summary>
    /// Sends <paramref name="item"/>, blocking the calling thread while the channel is full for at most
    /// <paramref name="timeout"/>, as <see cref="Send(T, TimeSpan)"/> does, with <paramref name="unboundItems"/>
    /// for this item (see <see cref="SendAsync(T, UnboundItemPolicy, CancellationToken)"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="unboundItems"/> is not a defined value; nothing was sent.</exception>
    /// <exception cref="NotShareableException">The item cannot cross; the channel is unchanged.</exception>
    /// <exception cref="TimeoutException">Still full after <paramref name="timeout"/>; the item was not sent.</exception>
    /// <exception cref="DomainClosedException">The sending domain is closing with force, or its runtime is shutting down; the item was not sent.</exception>
    /// <exception cref="DomainChannelClosedException">The channel is closed for sending.</exception>
    public void Send(T item, TimeSpan timeout, UnboundItemPolicy unboundItems)
    {
        Check(unboundItems);
        SendCore(item, timeout, unboundItems);
    }

    private void Check(UnboundItemPolicy unboundItems)
    {
        if (!Enum.IsDefined(unboundItems))
            throw new ArgumentOutOfRangeException(nameof(unboundItems), unboundItems, $"Not an UnboundItemPolicy; nothing was sent on channel '{Name}'.");
    }
}
