using ActorInterp.Domains;

namespace ActorInterp.Actors;

/// <summary>
/// The receive end of a <see cref="DomainChannel{T}"/>. Thread-safe and shareable: hand it to the domains
/// that receive. An item with buffers is opened in the receiving domain, which then owns its proxies.
/// </summary>
public sealed class ChannelReceiver<T> : IShareable, IChannelEnd
{

    private readonly EndHolders _holders;

    internal ChannelReceiver(DomainChannel<T> channel)
    {
        Channel = channel;
        // A receive end that nobody holds any more closes and drops what is queued, giving its borrows back.
        _holders = new EndHolders(() => Close(force: true));
    }

    /// <summary>The channel.</summary>
    public DomainChannel<T> Channel { get; }

    /// <summary>True once the receive end is closed.</summary>
    public bool IsClosed => Channel.IsReceiveClosed;

    /// <summary>
    /// Receives the next item, waiting until one arrives. Inside a domain the wait frees the domain's
    /// thread and resumes on it.
    /// </summary>
    /// <exception cref="ChannelClosedException">The receive end is closed, or the send end is closed and the channel is empty.</exception>
    /// <exception cref="OperationCanceledException">(In the task) cancelled while waiting.</exception>
    /// <exception cref="WrongDomainException">The item holds buffers and the caller runs outside every domain (the item was dropped, its borrows given back).</exception>
    public ValueTask<T> ReceiveAsync(CancellationToken cancellationToken = default) => Channel.ReceiveAsync(cancellationToken);

    /// <summary>Receives an item if one is queued now; false otherwise.</summary>
    /// <exception cref="ChannelClosedException">The receive end is closed, or the send end is closed and the channel is empty.</exception>
    /// <exception cref="WrongDomainException">The item holds buffers and the caller runs outside every domain.</exception>
    public bool TryReceive(out T item) => Channel.TryReceive(out item);

    /// <summary>Receives the next item, blocking the calling thread for at most <paramref name="timeout"/>.</summary>
    /// <exception cref="TimeoutException">No item within <paramref name="timeout"/>.</exception>
    /// <exception cref="ChannelClosedException">The receive end is closed, or the send end is closed and the channel is empty.</exception>
    /// <exception cref="WrongDomainException">The item holds buffers and the caller runs outside every domain.</exception>
    public T Receive(TimeSpan timeout) => Channel.Receive(timeout);

    /// <summary>
    /// Closes the receive end for every domain, which stops sends too. Without <paramref name="force"/> the
    /// channel must be empty; with it, queued items are dropped and their borrows given back. Any thread.
    /// </summary>
    /// <exception cref="ChannelNotEmptyException">Items are queued and <paramref name="force"/> is false; nothing changed.</exception>
    public void Close(bool force = false) => Channel.CloseReceiveEnd(force);

    /// <summary>
    /// The calling domain (or code outside every domain) lets go of the receive end; when nobody holds it
    /// any more, it closes, dropping whatever is still queued (its borrows are given back).
    /// </summary>
    public void Release()
    {
        if (Domain.Current is { } domain) ChannelHolds.For(domain).Release(this);
        else _holders.ReleaseOutside();
    }

    internal void HoldOutside() => _holders.HoldOutside();

    void IChannelEnd.AddHolder(Domain domain) => _holders.Add(domain);

    void IChannelEnd.RemoveHolder(Domain domain) => _holders.Remove(domain);

    /// <inheritdoc />
    public override string ToString() => $"receive end of {Channel}";
}
