using ActorInterp.Domains;

namespace ActorInterp.Actors;

/// <summary>
/// The send end of a <see cref="DomainChannel{T}"/>. Thread-safe and shareable: hand it to the domains that
/// send. Items are marshalled on the calling thread (see <see cref="DomainChannel{T}"/>).
/// </summary>
public sealed class ChannelSender<T> : IShareable, IChannelEnd
{
    private readonly HashSet<int> _holders = [];
    private bool _outside;
    private bool _everHeld;

    internal ChannelSender(DomainChannel<T> channel) => Channel = channel;

    /// <summary>The channel.</summary>
    public DomainChannel<T> Channel { get; }

    /// <summary>True once the send end is closed (or the receive end, which stops sends too).</summary>
    public bool IsClosed => Channel.IsSendClosed;

    /// <summary>Sends <paramref name="item"/>, waiting while a bounded channel is full.</summary>
    /// <exception cref="NotShareableException">The item cannot cross (thrown at the call; the channel is unchanged).</exception>
    /// <exception cref="ChannelClosedException">The channel is closed for sending (at the call, or while waiting).</exception>
    /// <exception cref="OperationCanceledException">(In the task) cancelled while waiting; the item was not sent.</exception>
    public ValueTask SendAsync(T item, CancellationToken cancellationToken = default) => Channel.SendAsync(item, cancellationToken);

    /// <summary>Sends <paramref name="item"/> if there is room now; false when a bounded channel is full (nothing was sent).</summary>
    /// <exception cref="NotShareableException">The item cannot cross; the channel is unchanged.</exception>
    /// <exception cref="ChannelClosedException">The channel is closed for sending.</exception>
    public bool TrySend(T item) => Channel.TrySend(item);

    /// <summary>Sends <paramref name="item"/>, blocking the calling thread while the channel is full, for at most <paramref name="timeout"/>.</summary>
    /// <exception cref="NotShareableException">The item cannot cross; the channel is unchanged.</exception>
    /// <exception cref="TimeoutException">Still full after <paramref name="timeout"/>; the item was not sent.</exception>
    /// <exception cref="ChannelClosedException">The channel is closed for sending.</exception>
    public void Send(T item, TimeSpan timeout) => Channel.Send(item, timeout);

    /// <summary>
    /// Closes the send end for every domain: later sends throw <see cref="ChannelClosedException"/>; items
    /// already queued can still be received. Any thread; closing again does nothing.
    /// </summary>
    public void Close() => Channel.CloseSendEnd();

    /// <summary>
    /// The calling domain (or code outside every domain) lets go of the send end; when nobody holds it any
    /// more, it closes as by <see cref="Close"/>.
    /// </summary>
    public void Release()
    {
        if (Domain.Current is { } domain) ChannelHolds.For(domain).Release(this);
        else ReleaseOutside();
    }

    internal void HoldOutside()
    {
        lock (_holders) _outside = _everHeld = true;
    }

    private void ReleaseOutside()
    {
        bool last;
        lock (_holders)
        {
            if (!_outside) return;
            _outside = false;
            last = _holders.Count == 0;
        }
        if (last) Close();
    }

    void IChannelEnd.AddHolder(Domain domain)
    {
        lock (_holders)
        {
            _holders.Add(domain.Id);
            _everHeld = true;
        }
    }

    void IChannelEnd.RemoveHolder(Domain domain)
    {
        bool last;
        lock (_holders) last = _holders.Remove(domain.Id) && _holders.Count == 0 && !_outside && _everHeld;
        if (last) Close();
    }

    /// <inheritdoc />
    public override string ToString() => $"send end of {Channel}";
}
