using ActorInterp.Domains;

namespace ActorInterp.Actors;

// Batch receives: many items in one call. The channel's own receive end takes a batch under one lock; every
// other end takes one item per call, with the same contract.
public abstract partial class ChannelReceiver<T>
{
    /// <summary>
    /// Receives items queued now into <paramref name="items"/>, in order, and returns how many:
    /// <c>items[..n]</c> hold them, and the caller owns them (items with buffers are opened in the calling
    /// domain, which owns their proxies). Never waits. 0 when nothing is queued or <paramref name="items"/> is
    /// empty. How many it takes up to <c>items.Length</c> depends on the end: this node's own receive end takes
    /// every queued item that needs nothing done to receive it (no buffers, no unbound-item rule) in one step,
    /// and an item that does need something alone; a remote receive end takes one item per call, as
    /// <see cref="TryReceive"/> does. Each item reaches exactly one receiver.
    /// </summary>
    /// <exception cref="DomainChannelClosedException">The receive end is closed, or the send end is closed and the channel is empty; nothing was taken.</exception>
    /// <exception cref="ItemOwnerClosedException">The next item was sent with <see cref="UnboundItemPolicy.Error"/> or <see cref="UnboundItemPolicy.Marker"/> and its owner went away; it was consumed, and nothing else was taken.</exception>
    /// <exception cref="WrongDomainException">The next item holds buffers and the caller runs outside every domain (as for <see cref="TryReceive"/>); nothing else was taken.</exception>
    /// <exception cref="InvalidOperationException">A remote receive end: the item fetched for it could not travel here (see the remote layer).</exception>
    public virtual int TryReceiveMany(Span<T> items)
    {
        if (items.IsEmpty || !TryReceive(out var item)) return 0;
        items[0] = item;
        return 1;
    }

    /// <summary>
    /// Receives at least one item into <paramref name="items"/>, waiting until one arrives, then as many more
    /// as <see cref="TryReceiveMany"/> would take; returns how many (<c>items[..n]</c> hold them, owned by the
    /// caller). Inside a domain the wait frees the domain's thread and resumes on it, and the items are taken
    /// there, when the wait ends, so a wait that fails has taken nothing. The caller must not use
    /// <paramref name="items"/> until the task completes.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="items"/> is empty.</exception>
    /// <exception cref="DomainChannelClosedException">The receive end is closed, or the send end is closed and the channel is empty; nothing was taken.</exception>
    /// <exception cref="ItemOwnerClosedException">(In the task) the next item was sent with <see cref="UnboundItemPolicy.Error"/> or <see cref="UnboundItemPolicy.Marker"/> and its owner went away; it was consumed, and nothing else was taken.</exception>
    /// <exception cref="OperationCanceledException">(In the task) cancelled while waiting; nothing was taken.</exception>
    /// <exception cref="DomainClosedException">(In the task) the receiving domain is closing with force, or its runtime is shutting down, while the receive waited; nothing was taken.</exception>
    /// <exception cref="WrongDomainException">The next item holds buffers and the caller runs outside every domain; nothing else was taken.</exception>
    /// <exception cref="InvalidOperationException">(In the task) a remote receive end: the item taken for it could not travel here (see the remote layer).</exception>
    public virtual async ValueTask<int> ReceiveManyAsync(Memory<T> items, CancellationToken cancellationToken = default)
    {
        if (items.IsEmpty) throw new ArgumentException($"A batch receive from channel '{Name}' needs room for at least one item.", nameof(items));
        var item = await ReceiveAsync(cancellationToken).ConfigureAwait(true);
        items.Span[0] = item;
        return 1;
    }
}
