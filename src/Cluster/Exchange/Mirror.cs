using ActorInterp.Sharing;
using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>Where a node's local copy of a remote buffer stands.</summary>
internal enum MirrorState
{
    /// <summary>Chunks are arriving; deliveries wait.</summary>
    Receiving,
    /// <summary>Complete; local holders may have proxies on it.</summary>
    Live,
    /// <summary>Every local holder let go; the release was sent and the owner node's answer is awaited.</summary>
    Releasing,
    /// <summary>Freed (released, failed, or orphaned and let go).</summary>
    Dropped,
}

/// <summary>
/// A node's one local copy of a buffer lent by another node (one per lease): a <see cref="SharedBuffer"/>
/// owned by the node's mirror domain, shared to each local holder. Exchange (mirror domain) thread only.
/// </summary>
internal sealed class Mirror(Address source, IActorRef peer, Offer offer, SharedBuffer copy)
{
    public Address Source { get; } = source;

    public IActorRef Peer { get; } = peer;

    public Offer Offer { get; } = offer;

    public long LeaseId => Offer.LeaseId;

    public SharedBuffer Copy { get; } = copy;

    public MirrorState State { get; set; } = MirrorState.Receiving;

    /// <summary>The pull of the bytes over the owner node's lane, while one runs; null when they come in chunks over remoting.</summary>
    public LanePull? Pull { get; set; }

    /// <summary>Chunks received and checked.</summary>
    public int Received { get; set; }

    /// <summary>Deliveries received for this lease (named in the release).</summary>
    public int DeliveriesSeen { get; set; }

    /// <summary>Set when the owner node went away: no release will be sent; the copy is freed when its holders let go.</summary>
    public bool Orphaned { get; set; }

    /// <summary>Deliveries that arrived before the last chunk.</summary>
    public List<Deliver> Pending { get; } = [];

    /// <summary>Actor messages waiting for this copy (and others) to complete: the copy is not released meanwhile.</summary>
    public int Reserved { get; set; }

    public bool HasHolders => Copy.Core.Ledger.HasBorrows;

    public override string ToString() => $"copy of lease {LeaseId} from {Source} ({Offer.Length} bytes)";
}
