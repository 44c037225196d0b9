using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>
/// The data of <see cref="ClusterExchange.OwnerNodeLost"/>: a node that had lent buffers to this node is gone (left,
/// or downed by the split brain resolver). The local copies stay readable; their proxies report
/// <c>proxy.IsOrphaned</c> (<see cref="ClusterBufferProxyExtensions"/>).
/// </summary>
public sealed class OwnerNodeLostEventArgs : EventArgs
{
    /// <summary>Creates the event's data.</summary>
    /// <param name="node">The node that went away.</param>
    /// <param name="orphanedBuffers">Local copies that still had holders, now orphaned.</param>
    /// <param name="abandonedTransfers">Copies still being received, dropped (nobody held them yet).</param>
    /// <exception cref="ArgumentNullException"><paramref name="node"/> is null.</exception>
    public OwnerNodeLostEventArgs(Address node, int orphanedBuffers, int abandonedTransfers)
    {
        ArgumentNullException.ThrowIfNull(node);
        Node = node;
        OrphanedBuffers = orphanedBuffers;
        AbandonedTransfers = abandonedTransfers;
    }

    /// <summary>The node that went away.</summary>
    public Address Node { get; }

    /// <summary>Local copies that still had holders, now orphaned.</summary>
    public int OrphanedBuffers { get; }

    /// <summary>Copies still being received, dropped (nobody held them yet).</summary>
    public int AbandonedTransfers { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Node} is gone: {OrphanedBuffers} copies orphaned, {AbandonedTransfers} transfers abandoned";
}
