using ActorInterp.Domains;

namespace ActorInterp.Actors;

// Receives that return entries: an item, or the placeholder of an item sent with UnboundItemPolicy.Marker
// whose buffers' owner went away while it was queued.
public abstract partial class ChannelReceiver<T>
{
    /// <summary>
    /// Receives the next entry, waiting until one arrives, as <see cref="ReceiveAsync"/> does: an item, or,
    /// for an item sent with <see cref="UnboundItemPolicy.Marker"/> whose buffers' owner went away while it
    /// was queued, its <see cref="UnboundItem"/> placeholder (the placeholder is consumed like an item).
    /// </summary>
    /// <exception cref="ItemOwnerClosedException">(In the task) the next item was sent with <see cref="UnboundItemPolicy.Error"/> and its owner went away; it was consumed.</exception>
    /// <exception cref="DomainChannelClosedException">The receive end is closed, or the send end is closed and the channel is empty; on a remote receive end, also when the channel's node is gone.</exception>
    /// <exception cref="OperationCanceledException">(In the task) cancelled while waiting.</exception>
    /// <exception cref="DomainClosedException">(In the task) the receiving domain is closing with force, or its runtime is shutting down, while the receive waited; nothing was taken.</exception>
    /// <exception cref="WrongDomainException">The item holds buffers and the caller runs outside every domain (the item was dropped, its borrows given back).</exception>
    /// <exception cref="InvalidOperationException">(In the task) a remote receive end: the item taken for it could not travel here (see the remote layer).</exception>
    public abstract ValueTask<ChannelEntry<T>> ReceiveEntryAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Receives an entry if one is queued now (see <see cref="ReceiveEntryAsync"/>); false otherwise. Never
    /// waits: on a remote receive end it takes what this node fetched ahead, or returns false at once and has
    /// the next entry fetched, as <see cref="TryReceive"/> does.
    /// </summary>
    /// <exception cref="ItemOwnerClosedException">The next item was sent with <see cref="UnboundItemPolicy.Error"/> and its owner went away; it was consumed.</exception>
    /// <exception cref="DomainChannelClosedException">The receive end is closed, or the send end is closed and the channel is empty (on a remote receive end, as the channel's node last answered); on a remote receive end, also when the channel's node is gone.</exception>
    /// <exception cref="WrongDomainException">The item holds buffers and the caller runs outside every domain (dropped; on a remote receive end it stays for the next receive).</exception>
    /// <exception cref="InvalidOperationException">A remote receive end: the item fetched for it could not travel here (see the remote layer).</exception>
    public abstract bool TryReceiveEntry(out ChannelEntry<T> entry);

    /// <summary>Receives the next entry (see <see cref="ReceiveEntryAsync"/>), blocking the calling thread for at most <paramref name="timeout"/>.</summary>
    /// <exception cref="ItemOwnerClosedException">The next item was sent with <see cref="UnboundItemPolicy.Error"/> and its owner went away; it was consumed.</exception>
    /// <exception cref="TimeoutException">No item within <paramref name="timeout"/>.</exception>
    /// <exception cref="DomainClosedException">The receiving domain is closing with force, or its runtime is shutting down; nothing was taken.</exception>
    /// <exception cref="DomainChannelClosedException">The receive end is closed, or the send end is closed and the channel is empty; on a remote receive end, also when the channel's node is gone.</exception>
    /// <exception cref="WrongDomainException">The item holds buffers and the caller runs outside every domain (dropped).</exception>
    public abstract ChannelEntry<T> ReceiveEntry(TimeSpan timeout);
}
