using ActorInterp.Sharing.Protocol;

namespace ActorInterp.Sharing.Tests.Simulation;

/// <summary>
/// The two lanes of a domain's mailbox: protocol traffic (returns, notices, lost-handle returns,
/// finalizer posts) goes to the control lane, which a receiver always drains before the ordinary lane.
/// </summary>
internal enum Lane
{
    Control,
    Ordinary,
}

internal abstract record SimMessage;

/// <summary>A handle on its way to <paramref name="Addressee"/>, carrying weight; readable once opened.</summary>
internal sealed record HandleMessage(int HandleId, int Buffer, Weight Weight, int Addressee, int Hops) : SimMessage
{
    /// <summary>The lent range: the whole block unless the handle lends a slice.</summary>
    public int Offset { get; init; }

    public int Length { get; init; } = MemoryBlock.Size;

    /// <summary>What the range read when it was lent: its reader must read the same while the buffer lives.</summary>
    public ulong RangeChecksum { get; init; }

    public override string ToString() =>
        $"handle#{HandleId}(b{Buffer}{(Length == MemoryBlock.Size ? "" : $"[{Offset},{Offset + Length})")} w={Weight} to d{Addressee} hops={Hops})";
}

/// <summary>Weight given back to the owner by, or on behalf of, <paramref name="OnBehalfOf"/>.</summary>
internal sealed record ReturnMessage(int Buffer, int OnBehalfOf, Weight Weight) : SimMessage
{
    public override string ToString() => $"return(b{Buffer} for d{OnBehalfOf} w={Weight})";
}

/// <summary><paramref name="Giver"/> passed <paramref name="Weight"/> of its share on to <paramref name="Taker"/>.</summary>
internal sealed record NoticeMessage(int Buffer, int Giver, int Taker, Weight Weight) : SimMessage
{
    public override string ToString() => $"notice(b{Buffer} d{Giver}->d{Taker} w={Weight})";
}

/// <summary>The naive scheme only: asks the owner to count a fresh share for the taker of a forward.</summary>
internal sealed record AcquireMessage(int Buffer, int Taker, Weight Weight) : SimMessage
{
    public override string ToString() => $"acquire(b{Buffer} for d{Taker} w={Weight})";
}

/// <summary>Death watch: <paramref name="Domain"/> has stopped.</summary>
internal sealed record TerminatedMessage(int Domain) : SimMessage
{
    public override string ToString() => $"terminated(d{Domain})";
}

/// <summary>A finalizer's post to a holder: release this proxy, which was dropped without Dispose.</summary>
internal sealed record FinalizeMessage(int Proxy) : SimMessage
{
    public override string ToString() => $"finalize(p{Proxy})";
}

/// <summary>Ownership of an unshared buffer moving to the receiver.</summary>
internal sealed record TransferMessage(int Buffer) : SimMessage
{
    public override string ToString() => $"transfer(b{Buffer})";
}
