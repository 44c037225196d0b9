using ActorInterp.Domains;

namespace ActorInterp.Sharing;

/// <summary>The Sharing layer's figures on close and shutdown reports: <c>report.Sharing</c>, <c>report.RevokedBorrows</c>.</summary>
// CA1708 reads the two extension blocks (compiled to nested types) as names that differ only by case; they are not.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1708", Justification = "Extension blocks, not members named alike.")]
public static class SharingCloseReportExtensions
{
    /// <param name="report">A domain's close report.</param>
    extension(DomainCloseReport report)
    {
        /// <summary>The Sharing layer's part of the report; <see cref="SharingCloseReport.None"/> when the domain had none.</summary>
        public SharingCloseReport Sharing => report.GetLayer<SharingCloseReport>() ?? SharingCloseReport.None;

        /// <summary>Buffers the domain still owned, unborrowed, that it freed as it closed (<see cref="SharingCloseReport.FreedAtClose"/>).</summary>
        public int FreedAtClose => report.Sharing.FreedAtClose;

        /// <summary>Borrows still out that a forced close revoked (<see cref="SharingCloseReport.RevokedBorrows"/>).</summary>
        public int RevokedBorrows => report.Sharing.RevokedBorrows;

        /// <summary>Proxies the domain still held from other domains, returned as it closed (<see cref="SharingCloseReport.ReleasedHeld"/>).</summary>
        public int ReleasedHeld => report.Sharing.ReleasedHeld;
    }

    /// <param name="report">A runtime's shutdown report.</param>
    extension(RuntimeShutdownReport report)
    {
        /// <summary>Borrows revoked across all domains (a leak by their holders).</summary>
        public int RevokedBorrows => report.Domains.Sum(d => d.RevokedBorrows);
    }
}
