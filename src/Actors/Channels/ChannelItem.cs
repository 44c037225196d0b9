namespace ActorInterp.Actors;

/// <summary>
/// An item as it waits in a channel: the value itself (shareable, or a copy), or a marshalled value whose
/// buffers are lent into the channel's parking place, to be opened by whichever domain receives it.
/// </summary>
internal readonly struct ChannelItem<T>(T value, MarshalledMessage? marshalled)
{
    internal T Value { get; } = value;

    internal MarshalledMessage? Marshalled { get; } = marshalled;

    /// <summary>Gives back the borrows of an item that will not be received.</summary>
    internal void Drop() => Marshalled?.GiveBack();
}
