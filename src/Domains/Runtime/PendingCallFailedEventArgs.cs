namespace ActorInterp.Domains;

/// <summary>
/// The data of <see cref="DomainRuntime.PendingCallFailed"/>: which domain's posted call threw, and what it
/// threw. The sender of the event is the <see cref="DomainRuntime"/>.
/// </summary>
public sealed class PendingCallFailedEventArgs : EventArgs
{
    /// <summary>Creates the event's data.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="domain"/> or <paramref name="exception"/> is null.</exception>
    public PendingCallFailedEventArgs(Domain domain, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(exception);
        Domain = domain;
        Exception = exception;
    }

    /// <summary>The domain whose posted call threw; it keeps running.</summary>
    public Domain Domain { get; }

    /// <summary>What the call threw (also logged, and counted in <see cref="DomainStats.PendingCallFailures"/>).</summary>
    public Exception Exception { get; }
}
