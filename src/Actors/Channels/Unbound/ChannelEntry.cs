namespace ActorInterp.Actors;

/// <summary>
/// What an entry receive (<see cref="ChannelReceiver{T}.ReceiveEntryAsync"/>,
/// <see cref="ChannelReceiver{T}.TryReceiveEntry"/>, <see cref="ChannelReceiver{T}.ReceiveEntry"/>) took from a
/// channel: an item, or the <see cref="UnboundItem"/> placeholder of an item sent with
/// <see cref="UnboundItemPolicy.Marker"/> whose buffers' owner went away while it was queued.
/// </summary>
/// <typeparam name="T">The channel's item type.</typeparam>
public readonly struct ChannelEntry<T>
{
    private readonly T _item;

    internal ChannelEntry(T item)
    {
        _item = item;
        Unbound = null;
    }

    internal ChannelEntry(UnboundItem unbound)
    {
        _item = default!;
        Unbound = unbound;
    }

    /// <summary>True when the entry is a placeholder (<see cref="Unbound"/>) rather than an item.</summary>
    public bool IsUnbound => Unbound is not null;

    /// <summary>The placeholder, or null when the entry is an item.</summary>
    public UnboundItem? Unbound { get; }

    /// <summary>The item.</summary>
    /// <exception cref="ItemOwnerClosedException">The entry is a placeholder: its item's owner went away.</exception>
    public T Item => Unbound is { } unbound ? throw new ItemOwnerClosedException(unbound, unbound.Describe()) : _item;

    /// <summary>The item, when the entry is one; false for a placeholder.</summary>
    public bool TryGetItem(out T item)
    {
        item = _item;
        return Unbound is null;
    }

    /// <inheritdoc />
    public override string ToString() => Unbound?.ToString() ?? $"item {_item}";
}
