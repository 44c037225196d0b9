using ActorInterp.Sharing;
using Akka.Actor;

namespace ActorInterp.Actors.Cluster;

/// <summary>
/// The owner node's side of one remote node's borrow of one buffer. <see cref="Handle"/> is a parked,
/// never-opened handle counted by the buffer's owner for the node's pseudo-holder: while the lease lives
/// the owner cannot free the buffer; disposing the handle (release received, transfer failed, node
/// lost) gives that one borrow back on the owner's thread. Exchange thread only.
/// </summary>
internal sealed class Lease(long id, Address node, IActorRef peer, BufferHandle handle, int chunkSize)
{
    public long Id { get; } = id;

    public Address Node { get; } = node;

    public IActorRef Peer { get; } = peer;

    public BufferHandle Handle { get; } = handle;

    public long BufferId => Handle.BufferId;

    public int Length => Handle.Length;

    public int ChunkSize { get; } = chunkSize;

    public int ChunkCount => Length == 0 ? 0 : (int)(((long)Length + ChunkSize - 1) / ChunkSize);

    /// <summary>Chunks sent so far.</summary>
    public int NextChunk { get; set; }

    /// <summary>Chunks the holder node acknowledged.</summary>
    public int Acked { get; set; }

    /// <summary>Deliveries sent for this lease (the holder's release must name all of them).</summary>
    public int DeliveriesSent { get; set; }

    public bool Complete => Acked == ChunkCount;

    public override string ToString() => $"lease {Id} of buffer #{BufferId} ({Length} bytes) to {Node}";
}
