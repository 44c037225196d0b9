using ActorInterp.Domains;

namespace ActorInterp.Sharing;

/// <summary>
/// A snapshot of one domain's sharing figures (<c>domain.GetSharingStats()</c>), readable from any thread. Each
/// figure is read atomically; figures taken from another thread while the domain runs are not one consistent
/// cut. A domain that never allocated, received or opened a buffer has all figures zero.
/// </summary>
public sealed record SharingStats
{
    /// <summary>The domain's id.</summary>
    public required int DomainId { get; init; }
    /// <summary>The domain's name.</summary>
    public required string Domain { get; init; }
    /// <summary>Buffers the domain owns and has not freed.</summary>
    public required long OwnedBuffers { get; init; }
    /// <summary>Bytes of the buffers the domain owns.</summary>
    public required long OwnedBytes { get; init; }
    /// <summary>Buffers allocated by the domain (or transferred to it) since it started.</summary>
    public required long BuffersAllocated { get; init; }
    /// <summary>Buffers freed by the domain on its own thread since it started.</summary>
    public required long BuffersFreed { get; init; }
    /// <summary>Shares the domain made of its own buffers.</summary>
    public required long SharesMade { get; init; }
    /// <summary>(buffer, holder) borrows currently out.</summary>
    public required long BorrowsOut { get; init; }
    /// <summary>Borrowed buffers by holder domain name.</summary>
    public required IReadOnlyDictionary<string, long> BorrowsByHolder { get; init; }
    /// <summary>Ownership returns received (each return of one borrow's weight counts once).</summary>
    public required long ReturnsReceived { get; init; }
    /// <summary>Messages that carried those returns; fewer than <see cref="ReturnsReceived"/> when returns were coalesced.</summary>
    public required long ReturnMessagesReceived { get; init; }
    /// <summary>Returns that travelled together with another in one message.</summary>
    public long ReturnsCoalesced => Math.Max(0, ReturnsReceived - ReturnMessagesReceived);
    /// <summary>Forward notices received (a holder passed one of this domain's buffers on).</summary>
    public required long ForwardNotices { get; init; }
    /// <summary>Proxies opened in this domain.</summary>
    public required long ProxiesOpened { get; init; }
    /// <summary>Proxies of this domain that were finalized without Dispose (a leak caught late).</summary>
    public required long ProxiesFinalized { get; init; }
    /// <summary>Handles addressed to or from this domain that were never opened and were returned.</summary>
    public required long HandlesLost { get; init; }
    /// <summary>Holders whose borrows this domain took back because the holder closed or crashed.</summary>
    public required long Reclaims { get; init; }
    /// <summary>Returns on behalf of a holder already reclaimed (its death counted them); ignored.</summary>
    public required long ReturnsIgnoredAfterReclaim { get; init; }
    /// <summary>Returns of more than was out (a double return); refused and logged as errors. Zero unless something is wrong.</summary>
    public required long ReturnsRefused { get; init; }
    /// <summary>Buffers transferred out of the domain.</summary>
    public required long TransfersOut { get; init; }
    /// <summary>Buffers transferred into the domain.</summary>
    public required long TransfersIn { get; init; }
    /// <summary>Borrows revoked by a forced close.</summary>
    public required long Revoked { get; init; }

    internal static SharingStats From(Domain domain, SharingCounters c) => new()
    {
        DomainId = domain.Id,
        Domain = domain.Name,
        OwnedBuffers = SharingCounters.Read(ref c.OwnedBuffers),
        OwnedBytes = SharingCounters.Read(ref c.OwnedBytes),
        BuffersAllocated = SharingCounters.Read(ref c.BuffersAllocated),
        BuffersFreed = SharingCounters.Read(ref c.BuffersFreed),
        SharesMade = SharingCounters.Read(ref c.SharesMade),
        BorrowsOut = SharingCounters.Read(ref c.BorrowsOut),
        BorrowsByHolder = c.SnapshotBorrowsByHolder(),
        ReturnsReceived = SharingCounters.Read(ref c.ReturnsReceived),
        ReturnMessagesReceived = SharingCounters.Read(ref c.ReturnMessagesReceived),
        ForwardNotices = SharingCounters.Read(ref c.ForwardNotices),
        ProxiesOpened = SharingCounters.Read(ref c.ProxiesOpened),
        ProxiesFinalized = SharingCounters.Read(ref c.ProxiesFinalized),
        HandlesLost = SharingCounters.Read(ref c.HandlesLost),
        Reclaims = SharingCounters.Read(ref c.Reclaims),
        ReturnsIgnoredAfterReclaim = SharingCounters.Read(ref c.ReturnsIgnoredAfterReclaim),
        ReturnsRefused = SharingCounters.Read(ref c.ReturnsRefused),
        TransfersOut = SharingCounters.Read(ref c.TransfersOut),
        TransfersIn = SharingCounters.Read(ref c.TransfersIn),
        Revoked = SharingCounters.Read(ref c.Revoked),
    };
}
