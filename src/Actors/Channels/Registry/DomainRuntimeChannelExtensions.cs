using ActorInterp.Domains;

namespace ActorInterp.Actors;

/// <summary>The channel registry on <see cref="DomainRuntime"/>: <c>runtime.Channels</c>.</summary>
public static class DomainRuntimeChannelExtensions
{
    /// <param name="runtime">The runtime whose channels are listed.</param>
    extension(DomainRuntime runtime)
    {
        /// <summary>
        /// The runtime's live channels (PEP 554's <c>channels.list_all()</c>), in the order they were created: a
        /// snapshot, taken at the call, that later creations and closes do not change. A channel leaves the
        /// list once it is closed (<see cref="IDomainChannel.IsClosed"/>: nothing can move through it any more)
        /// and never comes back; the list does not keep a channel alive, so one that nobody references any
        /// more leaves it once it is collected. Channels of other nodes, seen here through remote ends, are
        /// listed by their own node's runtime. Any thread.
        /// </summary>
        public IReadOnlyList<IDomainChannel> Channels => ChannelRegistry.For(runtime).Live();
    }
}
