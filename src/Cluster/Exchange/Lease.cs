using ActorInterp.Sharing;
using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>
/// The owner node's side of one remote node's borrow of one buffer. <see cref="Handle"/> is a parked,
/// never-opened handle counted by the buffer's owner for the node's pseudo-holder: while the lease lives
/// the owner cannot free the buffer; disposing the handle (release received, transfer failed, node
/// lost) gives that one borrow back on the owner's thread. A lease lends the handle's range only (the whole
/// buffer, or a slice): only those bytes cross, and the holder node's copy is of the range alone. Different
/// ranges of one buffer lent to one node are different leases (see <see cref="LeaseKey"/>). Exchange thread only.
/// </summary>
internal sealed class Lease(long id, Address node, IActorRef peer, BufferHandle handle, int chunkSize)
{
    public long Id { get; } = id;

    public Address Node { get; } = node;

    public IActorRef Peer { get; } = peer;

    public BufferHandle Handle { get; } = handle;

    public long BufferId => Handle.BufferId;

    /// <summary>Where the lent range starts in the owner's buffer.</summary>
    public int Offset => Handle.Offset;

    /// <summary>Bytes in the lent range: what crosses the wire.</summary>
    public int Length => Handle.Length;

    public LeaseKey Key => new(BufferId, Offset, Length, Node);

    public int ChunkSize { get; } = chunkSize;

    public int ChunkCount => Length == 0 ? 0 : (int)(((long)Length + ChunkSize - 1) / ChunkSize);

    /// <summary>The grant to pull the bytes over this node's lane, while the holder node may; null when they go in chunks over remoting.</summary>
    public LaneGrant? Grant { get; set; }

    /// <summary>Chunks sent so far.</summary>
    public int NextChunk { get; set; }

    /// <summary>Chunks the holder node acknowledged.</summary>
    public int Acked { get; set; }

    /// <summary>Deliveries sent for this lease (the holder's release must name all of them).</summary>
    public int DeliveriesSent { get; set; }

    public bool Complete => Acked == ChunkCount;

    public override string ToString() => $"lease {Id} of {(Offset == 0 && Length == Handle.Buffer.Length ? "" : $"bytes [{Offset}, {Offset + Length}) of ")}buffer #{BufferId} ({Length} bytes) to {Node}";
}
