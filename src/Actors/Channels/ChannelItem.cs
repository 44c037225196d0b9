namespace ActorInterp.Actors;

/// <summary>
/// An item as it waits in a channel: the value itself (shareable, or a copy), or a marshalled value whose
/// buffers are lent into the channel's parking place, to be opened by whichever domain receives it; and, for
/// a marshalled value sent with a rule other than <see cref="UnboundItemPolicy.Keep"/>, its watch by its owners.
/// </summary>
internal readonly struct ChannelItem<T>(T value, MarshalledMessage? marshalled, BoundItem? bound = null)
{
    internal T Value { get; } = value;

    internal MarshalledMessage? Marshalled { get; } = marshalled;

    /// <summary>Null when the item has no buffers or is kept whole whatever its owners do.</summary>
    internal BoundItem? Bound { get; } = bound;

    /// <summary>Gives back the borrows of an item that will not be received.</summary>
    internal void Drop() => Marshalled?.GiveBack();
}
