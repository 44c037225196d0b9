namespace ActorInterp.Domains;

/// <summary>
/// A snapshot of a domain's own figures (<see cref="Domain.GetStats"/>), readable from any thread. Each figure
/// is read atomically; figures taken from another thread while the domain runs are not one consistent cut.
/// The layers built on the domains keep their figures of a domain themselves, and document how to read them.
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

    internal static DomainStats From(Domain domain, DomainCounters c, long mailboxDepth) => new()
    {
        DomainId = domain.Id,
        Domain = domain.Name,
        State = domain.State,
        MailboxDepth = mailboxDepth,
        PendingCallsRun = DomainCounters.Read(ref c.PendingCallsRun),
        PendingCallFailures = DomainCounters.Read(ref c.PendingCallFailures),
    };
}
