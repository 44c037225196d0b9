using ActorInterp.Domains;

namespace ActorInterp.Sharing;

/// <summary>
/// What a domain's close did to its shared buffers and borrows: the Sharing layer's part of the
/// <see cref="DomainCloseReport"/> (read it with <c>report.Sharing</c>, or the shortcuts
/// <c>report.RevokedBorrows</c>, <c>report.FreedAtClose</c> and <c>report.ReleasedHeld</c>; see
/// <see cref="SharingCloseReportExtensions"/>).
/// </summary>
/// <param name="FreedAtClose">Buffers the domain still owned, unborrowed, that it freed as it closed.</param>
/// <param name="RevokedBorrows">
/// Borrows still out that a forced close revoked (a leak by their holders): their proxies throw
/// <see cref="OwnerClosedException"/> on access, and the memory behind them is never handed back to a pool,
/// so a reader can never see it reused.
/// </param>
/// <param name="ReleasedHeld">Proxies the domain itself still held from other domains, returned as it closed.</param>
public sealed record SharingCloseReport(int FreedAtClose, int RevokedBorrows, int ReleasedHeld) : LayerCloseReport
{
    /// <summary>The report of a domain whose close involved no buffer (or that crashed): all zero.</summary>
    public static SharingCloseReport None { get; } = new(0, 0, 0);

    /// <summary>True when the close revoked no borrow.</summary>
    public override bool IsClean => RevokedBorrows == 0;

    /// <inheritdoc />
    public override string ToString() =>
        $"{RevokedBorrows} borrows revoked, {FreedAtClose} buffers freed at close, {ReleasedHeld} held buffers returned";
}
