namespace ActorInterp.Domains;

/// <summary>
/// A snapshot of a domain's figures, readable from any thread. Each figure is read atomically; figures
/// taken from another thread while the domain runs are not one consistent cut.
/// </summary>
public sealed record DomainStats
{
    /// <summary>The domain's id.</summary>
    public required int DomainId { get; init; }
    /// <summary>The domain's name.</summary>
    public required string Domain { get; init; }
    /// <summary>The domain's state when read.</summary>
    public required DomainState State { get; init; }
    /// <summary>Messages waiting in the domain's mailbox (both lanes).</summary>
    public required long MailboxDepth { get; init; }
    /// <summary>Pending calls (<see cref="ActorInterp.Domains.Domain.Post"/>, RunAsync, CallAsync) run.</summary>
    public required long PendingCallsRun { get; init; }
    /// <summary>Posted calls that threw; each was logged and the domain kept running.</summary>
    public required long PendingCallFailures { get; init; }
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

    internal static DomainStats From(Domain domain, DomainCounters c, long mailboxDepth) => new()
    {
        DomainId = domain.Id,
        Domain = domain.Name,
        State = domain.State,
        MailboxDepth = mailboxDepth,
        PendingCallsRun = DomainCounters.Read(ref c.PendingCallsRun),
        PendingCallFailures = DomainCounters.Read(ref c.PendingCallFailures),
        OwnedBuffers = DomainCounters.Read(ref c.OwnedBuffers),
        OwnedBytes = DomainCounters.Read(ref c.OwnedBytes),
        BuffersAllocated = DomainCounters.Read(ref c.BuffersAllocated),
        BuffersFreed = DomainCounters.Read(ref c.BuffersFreed),
        SharesMade = DomainCounters.Read(ref c.SharesMade),
        BorrowsOut = DomainCounters.Read(ref c.BorrowsOut),
        BorrowsByHolder = c.BorrowsByHolder,
        ReturnsReceived = DomainCounters.Read(ref c.ReturnsReceived),
        ReturnMessagesReceived = DomainCounters.Read(ref c.ReturnMessagesReceived),
        ForwardNotices = DomainCounters.Read(ref c.ForwardNotices),
        ProxiesOpened = DomainCounters.Read(ref c.ProxiesOpened),
        ProxiesFinalized = DomainCounters.Read(ref c.ProxiesFinalized),
        HandlesLost = DomainCounters.Read(ref c.HandlesLost),
        Reclaims = DomainCounters.Read(ref c.Reclaims),
        ReturnsIgnoredAfterReclaim = DomainCounters.Read(ref c.ReturnsIgnoredAfterReclaim),
        ReturnsRefused = DomainCounters.Read(ref c.ReturnsRefused),
        TransfersOut = DomainCounters.Read(ref c.TransfersOut),
        TransfersIn = DomainCounters.Read(ref c.TransfersIn),
        Revoked = DomainCounters.Read(ref c.Revoked),
    };
}
