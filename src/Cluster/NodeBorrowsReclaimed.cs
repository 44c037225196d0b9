using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>A node that held borrows of this node's buffers is gone, and every one of them was given back to its owner.</summary>
/// <param name="Node">The node that went away.</param>
/// <param name="Reclaimed">How many borrows (one per buffer) were reclaimed.</param>
public sealed record NodeBorrowsReclaimed(Address Node, int Reclaimed);
