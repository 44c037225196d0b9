namespace ActorInterp.Actors;

/// <summary>
/// Thrown by a receive that reached an item whose buffers' owner went away while it was queued, when the item
/// was sent with <see cref="UnboundItemPolicy.Error"/> (Python's <c>ItemInterpreterDestroyed</c>), or with
/// <see cref="UnboundItemPolicy.Marker"/> and received by a plain receive form, which cannot return the
/// placeholder. The item is consumed by the throw: it has left the channel, and the next receive gets the next
/// item.
/// </summary>
public sealed class ItemOwnerClosedException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="item"/>.</summary>
    public ItemOwnerClosedException(UnboundItem item, string message) : base(message)
    {
        ArgumentNullException.ThrowIfNull(item);
        Item = item;
    }

    /// <summary>What is left of the item: the channel and the owner that went away.</summary>
    public UnboundItem Item { get; }

    /// <summary>True when the item was sent with <see cref="UnboundItemPolicy.Marker"/>: an entry receive returns its placeholder instead.</summary>
    internal bool IsMarker { get; init; }

    /// <summary>The channel's name.</summary>
    public string ChannelName => Item.ChannelName;

    /// <summary>The owner that went away: a domain's name, or a node's address.</summary>
    public string OwnerName => Item.OwnerName;
}
