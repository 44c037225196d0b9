using Akka.Actor;

namespace ActorInterp.Actors.Cluster;

/// <summary>
/// A node that had lent buffers to this node is gone (left, or downed by the split brain resolver). The
/// local copies stay readable; their proxies report <c>proxy.IsOrphaned</c> (<see cref="ClusterBufferProxyExtensions"/>).
/// </summary>
/// <param name="Node">The node that went away.</param>
/// <param name="OrphanedBuffers">Local copies that still had holders, now orphaned.</param>
/// <param name="AbandonedTransfers">Copies still being received, dropped (nobody held them yet).</param>
public sealed record OwnerNodeLost(Address Node, int OrphanedBuffers, int AbandonedTransfers);
