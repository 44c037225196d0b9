namespace ActorInterp.Sharing.Protocol;

/// <summary>What an owner's ledger did with a return.</summary>
internal enum ReturnOutcome
{
    /// <summary>Subtracted from the outstanding total.</summary>
    Applied,
    /// <summary>The holder was already reclaimed, which counted this return; ignored.</summary>
    IgnoredReclaimed,
    /// <summary>More than is outstanding: a double return. Refused, nothing changed.</summary>
    Overdrawn,
}
