namespace ActorInterp.Domains;

/// <summary>What every domain of a runtime left behind when the runtime shut down.</summary>
/// <param name="Domains">One report per domain closed by the shutdown.</param>
/// <param name="Forced">Names of the domains that did not drain in time and were forced.</param>
public sealed record RuntimeShutdownReport(IReadOnlyList<DomainCloseReport> Domains, IReadOnlyList<string> Forced)
{
    /// <summary>True when every domain drained and nothing was revoked.</summary>
    public bool IsClean => Forced.Count == 0 && Domains.All(d => d.IsClean);

    /// <summary>Borrows revoked across all domains (a leak by their holders).</summary>
    public int RevokedBorrows => Domains.Sum(d => d.RevokedBorrows);
}
