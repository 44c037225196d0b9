using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>
/// The data of <see cref="ClusterExchange.BorrowsReclaimed"/>: a node that held borrows of this node's buffers is
/// gone, and every one of them was given back to its owner.
/// </summary>
public sealed class BorrowsReclaimedEventArgs : EventArgs
{
    /// <summary>Creates the event's data.</summary>
    /// <param name="node">The node that went away.</param>
    /// <param name="reclaimed">How many borrows (one per lease: a range of a buffer) were reclaimed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="node"/> is null.</exception>
    public BorrowsReclaimedEventArgs(Address node, int reclaimed)
    {
        ArgumentNullException.ThrowIfNull(node);
        Node = node;
        Reclaimed = reclaimed;
    }

    /// <summary>The node that went away.</summary>
    public Address Node { get; }

    /// <summary>How many borrows (one per lease: a range of a buffer) were reclaimed.</summary>
    public int Reclaimed { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Node} is gone: {Reclaimed} borrows reclaimed";
}
