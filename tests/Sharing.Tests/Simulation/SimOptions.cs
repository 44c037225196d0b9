namespace ActorInterp.Sharing.Tests.Simulation;

internal enum ForwardScheme
{
    /// <summary>The protocol: the forwarder splits its weight and sends the owner a notice.</summary>
    Split,
    /// <summary>Acquire-on-forward: the forwarder asks the owner to count a new share for the taker. Unsafe.</summary>
    NaiveAcquire,
}

internal enum NoticeTiming
{
    /// <summary>The outbox (with the notice) is flushed before the handle leaves the forwarder.</summary>
    FlushedBeforeHandle,
    /// <summary>The handle leaves at once and the notice waits in the outbox for the next flush.</summary>
    Buffered,
}

internal enum TerminatedLane
{
    /// <summary>Death notices in the ordinary lane: they wait for every control message already queued.</summary>
    Ordinary,
    /// <summary>Death notices behind the dead holder's own protocol messages, in the same FIFO.</summary>
    SameAsReturns,
}

internal enum Profile
{
    Mixed,
    /// <summary>Forwards mostly from the proxy furthest down a forwarding chain.</summary>
    Chain,
    /// <summary>Forwards mostly from the proxy that has forwarded most.</summary>
    FanOut,
}

internal sealed record SimOptions
{
    public static SimOptions Default { get; } = new();

    public ForwardScheme Forward { get; init; } = ForwardScheme.Split;

    public NoticeTiming Notices { get; init; } = NoticeTiming.FlushedBeforeHandle;

    /// <summary>Null: each seed picks.</summary>
    public TerminatedLane? Terminated { get; init; }

    /// <summary>Null: each seed picks, mostly the mixed profile.</summary>
    public Profile? Profile { get; init; }

    /// <summary>
    /// Also check, after every step, that each buffer's outstanding total covers every weight that can still
    /// be read (held by a live holder or travelling to one). It fails before the free it foretells.
    /// </summary>
    public bool CheckCoverage { get; init; } = true;

    /// <summary>
    /// A proxy slice is one more live proxy on its holder's weight (the protocol). False: the broken variant, where
    /// a slice is not counted, so its holder's weight can go back while the slice still reads.
    /// </summary>
    public bool SlicesShareTheBorrow { get; init; } = true;

    /// <summary>Random steps of a chain or fan-out run: about 1,500 reach past a hundred hops.</summary>
    public int DeepSteps { get; init; } = 500;
}
