using System.Runtime.CompilerServices;
using ActorInterp.Sharing;

namespace ActorInterp.Cluster;

/// <summary>
/// What the cluster layer knows of a <see cref="BufferProxy"/>: <c>proxy.IsOrphaned</c>. It keeps the state
/// itself: the Sharing layer knows nothing of nodes.
/// </summary>
public static class ClusterBufferProxyExtensions
{
    // The node's copies of other nodes' buffers whose owner node has gone (or whose exchange stopped).
    private static readonly ConditionalWeakTable<OwnedBuffer, object> s_orphaned = new();
    private static readonly object s_marked = new();

    /// <param name="proxy">A proxy held by a domain of this node.</param>
    extension(BufferProxy proxy)
    {
        /// <summary>
        /// True when this proxy reads a node's local copy of a buffer owned on another cluster node, and that
        /// node has gone (left or was downed). The copy stays readable until the proxy is disposed; only the
        /// release to the owner is no longer sent. False for every proxy of a buffer owned on this node. Any thread.
        /// </summary>
        public bool IsOrphaned => s_orphaned.TryGetValue(proxy.Core, out _);
    }

    /// <summary>Marks <paramref name="copy"/>, a local copy of another node's buffer, as orphaned: nobody will receive its release. Any thread.</summary>
    internal static void MarkOrphaned(OwnedBuffer copy) => s_orphaned.TryAdd(copy, s_marked);
}
