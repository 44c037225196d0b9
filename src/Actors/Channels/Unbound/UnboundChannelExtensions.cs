using ActorInterp.Domains;

namespace ActorInterp.Actors;

/// <summary>Creating a channel with a rule for its unbound items (Python's <c>create_queue(maxsize, unbounditems=...)</c>).</summary>
public static class UnboundChannelExtensions
{
    /// <summary>
    /// Creates a channel between domains, as <see cref="DomainRuntimeActorExtensions.CreateChannel{T}"/> does,
    /// whose items follow <paramref name="unboundItems"/> by default when the owner of their buffers goes away
    /// while they are queued (each send may choose otherwise). Any thread.
    /// </summary>
    /// <param name="runtime">The runtime whose domains use the channel.</param>
    /// <param name="capacity">The most items the channel holds; null for no limit.</param>
    /// <param name="unboundItems">The channel's rule for unbound items; <see cref="UnboundItemPolicy.Keep"/> is today's behaviour.</param>
    /// <param name="name">A name for errors and logs.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1, or <paramref name="unboundItems"/> is not a defined value.</exception>
    public static DomainChannel<T> CreateChannel<T>(this DomainRuntime runtime, int? capacity, UnboundItemPolicy unboundItems, string? name = null)
    {
        if (!Enum.IsDefined(unboundItems)) throw new ArgumentOutOfRangeException(nameof(unboundItems), unboundItems, "Not an UnboundItemPolicy.");
        var channel = runtime.CreateChannel<T>(capacity, name);
        channel.UnboundItems = unboundItems;
        return channel;
    }
}
