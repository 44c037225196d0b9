namespace ActorInterp.Actors;

/// <summary>
/// The figures of one channel (<see cref="IDomainChannel.Stats"/>), also published on the <c>ActorInterp</c>
/// meter tagged with the channel's name and id. Counted on the channel's own node: an item sent through a
/// remote send end counts once the channel's inlet has put it in, and a remote receive that waits counts
/// as the outlet's receive waiting. Each figure is read atomically; together they are not one consistent cut.
/// </summary>
public sealed record ChannelStats
{
    /// <summary>Items put into the channel since it was created.</summary>
    public long ItemsIn { get; init; }

    /// <summary>Items taken out of the channel by receives since it was created.</summary>
    public long ItemsOut { get; init; }

    /// <summary>Items dropped while queued (a forced close, or the last holder of the receive end letting go); their borrows were given back.</summary>
    public long ItemsDropped { get; init; }

    /// <summary>Items queued now.</summary>
    public int Queued { get; init; }

    /// <summary>Sends waiting now for room in a full channel (awaiting or blocked).</summary>
    public int WaitingSenders { get; init; }

    /// <summary>Receives waiting now for an item (awaiting or blocked).</summary>
    public int WaitingReceivers { get; init; }
}
