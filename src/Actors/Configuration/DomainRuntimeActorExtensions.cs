using ActorInterp.Domains;

namespace ActorInterp.Actors;

/// <summary>The Actors layer's members on <see cref="DomainRuntime"/>: channels, copy policy, figures.</summary>
public static class DomainRuntimeActorExtensions
{
    /// <summary>
    /// Creates a channel between domains: bounded to <paramref name="capacity"/> items (senders wait while
    /// it is full), or unbounded when <paramref name="capacity"/> is null. Any thread.
    /// </summary>
    /// <param name="runtime">The runtime whose domains use the channel.</param>
    /// <param name="capacity">The most items the channel holds; null for no limit.</param>
    /// <param name="name">A name for errors and logs.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is less than 1.</exception>
    public static DomainChannel<T> CreateChannel<T>(this DomainRuntime runtime, int? capacity, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        if (capacity is < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "A bounded channel holds at least one item; pass null for an unbounded channel.");
        return new DomainChannel<T>(RuntimeActors.For(runtime), capacity, name);
    }

    /// <summary>The runtime-wide copy policy (an actor's own policy, given at <c>ActorOf</c>, wins over it).</summary>
    public static CopyPolicy GetCopyPolicy(this DomainRuntime runtime) => RuntimeActors.For(runtime).CopyPolicy;

    /// <summary>Sets the runtime-wide copy policy; it applies to sends made after the call. Any thread.</summary>
    public static void SetCopyPolicy(this DomainRuntime runtime, CopyPolicy policy) => RuntimeActors.For(runtime).CopyPolicy = policy;

    /// <summary>The runtime's marshalling and channel figures since it started.</summary>
    public static ActorInterpStats GetActorStats(this DomainRuntime runtime) => RuntimeActors.For(runtime).Snapshot();
}
