using ActorInterp.Domains;

namespace ActorInterp.Actors;

/// <summary>
/// Where a message is marshalled for: a domain of this node (its buffers are lent to it), or a parking place
/// (a channel's queue, or the exchange that carries it to another node: its buffers are lent to the place
/// under <see cref="ParkingId"/> until a receiver takes them over), under a copy policy and a runtime's figures.
/// </summary>
internal readonly record struct MarshalTarget
{
    private MarshalTarget(Domain? domain, int parkingId, CopyPolicy policy, RuntimeActors actors)
    {
        Domain = domain;
        ParkingId = parkingId;
        Policy = policy;
        Actors = actors;
    }

    /// <summary>The receiving domain; null for code outside every domain, or when parked.</summary>
    internal Domain? Domain { get; }

    /// <summary>Non-zero when the message waits in a parking place rather than going to a domain.</summary>
    internal int ParkingId { get; }

    internal CopyPolicy Policy { get; }

    internal RuntimeActors Actors { get; }

    /// <summary>For <paramref name="domain"/> (null: code outside every domain).</summary>
    internal static MarshalTarget ToDomain(Domain? domain, CopyPolicy policy, RuntimeActors actors) => new(domain, 0, policy, actors);

    /// <summary>For a parking place: a channel's queue, or the way to another node.</summary>
    internal static MarshalTarget Parked(int parkingId, CopyPolicy policy, RuntimeActors actors)
    {
        ArgumentOutOfRangeException.ThrowIfZero(parkingId);
        return new(null, parkingId, policy, actors);
    }
}
