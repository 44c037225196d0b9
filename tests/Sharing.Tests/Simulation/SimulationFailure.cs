namespace ActorInterp.Sharing.Tests.Simulation;

internal enum FailureKind
{
    /// <summary>Invariant 1: a buffer was freed (its memory back in the pool) while something could read it.</summary>
    EarlyFree,
    /// <summary>Invariant 1: a reader saw bytes that are not its buffer's (memory reused under it).</summary>
    Corrupted,
    /// <summary>Invariant 2: a return for more than is outstanding, or a count moving after the free.</summary>
    Overdrawn,
    /// <summary>Invariant 2, early: the outstanding total is below the weight that can still be read.</summary>
    Undercount,
    /// <summary>Invariant 3: something still owned, borrowed or in flight after every domain closed.</summary>
    Leak,
    /// <summary>Invariant 4: a count changed by a domain that does not own it.</summary>
    WrongDomain,
    /// <summary>Invariant 5: a frozen buffer's bytes changed.</summary>
    FrozenChanged,
    /// <summary>A message arrived in an order the lanes promise cannot happen.</summary>
    Ordering,
    /// <summary>A slice reached outside the view it was cut from, or its bounds check decided wrongly.</summary>
    Widened,
}

/// <summary>A broken invariant. The message names the seed; rerunning it replays the same run.</summary>
internal sealed class SimulationFailure(ulong seed, FailureKind kind, string message) : Exception(message)
{
    public ulong Seed { get; } = seed;
    public FailureKind Kind { get; } = kind;
}

/// <summary>Figures of one run, to show the schedules reach what they are meant to.</summary>
internal sealed class SimStats
{
    public int Steps { get; set; }
    public int Shares { get; set; }
    public int Forwards { get; set; }
    public int Frees { get; set; }
    public int Crashes { get; set; }
    public int Closes { get; set; }
    public int LostHandles { get; set; }
    public int Finalized { get; set; }
    public int Transfers { get; set; }
    public int IgnoredReturns { get; set; }
    public int MaxHops { get; set; }
    public int MaxFanOut { get; set; }
    /// <summary>Handles that lent a slice (narrower than the view they were cut from).</summary>
    public int SliceLends { get; set; }
    /// <summary>Proxies cut from a proxy of the same holder.</summary>
    public int ProxySlices { get; set; }
    /// <summary>Slices refused for their bounds, with no effect.</summary>
    public int SliceRefusals { get; set; }

    /// <summary>The lightest weight a handle carried (zero: no handle).</summary>
    public ActorInterp.Sharing.Protocol.Weight Lightest { get; set; }

    public void Add(SimStats other)
    {
        Steps += other.Steps;
        Shares += other.Shares;
        Forwards += other.Forwards;
        Frees += other.Frees;
        Crashes += other.Crashes;
        Closes += other.Closes;
        LostHandles += other.LostHandles;
        Finalized += other.Finalized;
        Transfers += other.Transfers;
        IgnoredReturns += other.IgnoredReturns;
        SliceLends += other.SliceLends;
        ProxySlices += other.ProxySlices;
        SliceRefusals += other.SliceRefusals;
        MaxHops = Math.Max(MaxHops, other.MaxHops);
        MaxFanOut = Math.Max(MaxFanOut, other.MaxFanOut);
        if (!other.Lightest.IsZero && (Lightest.IsZero || (other.Lightest - Lightest).Sign < 0)) Lightest = other.Lightest;
    }

    public override string ToString() =>
        $"steps={Steps} shares={Shares} forwards={Forwards} frees={Frees} crashes={Crashes} closes={Closes} " +
        $"lost={LostHandles} finalized={Finalized} transfers={Transfers} ignoredReturns={IgnoredReturns} " +
        $"maxHops={MaxHops} maxFanOut={MaxFanOut} sliceLends={SliceLends} proxySlices={ProxySlices} sliceRefusals={SliceRefusals}";
}
