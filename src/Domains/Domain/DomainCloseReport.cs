namespace ActorInterp.Domains;

/// <summary>What a domain left behind when it closed.</summary>
/// <param name="Domain">The domain's name.</param>
/// <param name="Mode">How it was closed (a crash reports <see cref="CloseMode.Force"/>).</param>
/// <param name="FreedAtClose">Buffers the domain still owned, unborrowed, that it freed as it closed.</param>
/// <param name="RevokedBorrows">Borrows still out that a forced close revoked (a leak by its holders).</param>
/// <param name="ReleasedHeld">Proxies the domain itself still held from other domains, returned as it closed.</param>
/// <param name="FailedCalls">Calls still running or queued that failed with <see cref="DomainClosedException"/>.</param>
public sealed record DomainCloseReport(string Domain, CloseMode Mode, int FreedAtClose, int RevokedBorrows, int ReleasedHeld, int FailedCalls)
{
    /// <summary>True when the domain closed with nothing revoked.</summary>
    public bool IsClean => RevokedBorrows == 0;
}
