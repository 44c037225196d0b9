namespace ActorInterp.Actors;

/// <summary>
/// A channel seen without its item type, for tools and logs: <c>runtime.Channels</c> (see
/// <see cref="DomainRuntimeChannelExtensions"/>) lists them. Every <see cref="DomainChannel{T}"/> is one. Members
/// are safe to call from any thread.
/// </summary>
public interface IDomainChannel
{
    /// <summary>
    /// The channel's id: made when the channel is created, never reused, and the same wherever the channel is
    /// seen (in every domain, and on every node through its remote ends' <c>ChannelId</c>).
    /// </summary>
    Guid Id { get; }

    /// <summary>The channel's name, as given at creation or generated; not necessarily unique.</summary>
    string Name { get; }

    /// <summary>The type of the channel's items.</summary>
    Type ItemType { get; }

    /// <summary>The most items the channel holds, or null when unbounded.</summary>
    int? Capacity { get; }

    /// <summary>Items queued now.</summary>
    int Count { get; }

    /// <summary>
    /// True once no item can move through the channel any more: its receive end is closed (which closes the
    /// send end too), or its send end is closed and nothing is left queued. A closed channel is no longer
    /// listed in <c>runtime.Channels</c>.
    /// </summary>
    bool IsClosed { get; }

    /// <summary>A snapshot of the channel's figures now (see <see cref="ChannelStats"/>); each call makes a new one.</summary>
    ChannelStats GetStats();

    /// <summary>A snapshot of the channel's figures now; use <see cref="GetStats"/>, which says that it makes one.</summary>
    [Obsolete("Use GetStats(): each read makes a new snapshot.")]
    ChannelStats Stats => GetStats();
}
