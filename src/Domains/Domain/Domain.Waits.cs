namespace ActorInterp.Domains;

public sealed partial class Domain
{
    private readonly CancellationTokenSource _waitsEnd = new();
    private volatile WaitsEndReason _waitsEndReason;

    /// <summary>
    /// Cancelled when the domain's waits must end: a forced close was asked for, the runtime began to shut
    /// down, or the domain closed (drained, forced, crashed or stopped). The layers above link it into every
    /// wait a domain makes on something another domain would have to do, so that such a wait neither
    /// outlives its domain nor holds a shutdown up. Any thread.
    /// </summary>
    /// <remarks>
    /// A wait that sees it cancelled must have taken no effect (no item taken, none put); it throws
    /// <see cref="WaitEnded"/>'s exception.
    /// </remarks>
    internal CancellationToken WaitsEnd => _waitsEnd.Token;

    /// <summary>True once <see cref="WaitsEnd"/> is cancelled.</summary>
    internal bool WaitsEnded => _waitsEnd.IsCancellationRequested;

    /// <summary>
    /// Ends the domain's waits (see <see cref="WaitsEnd"/>); the first reason is kept for their message. Any
    /// thread; the waits' cancellation callbacks run on the calling thread, so never call it under a lock.
    /// </summary>
    internal void EndWaits(WaitsEndReason reason)
    {
        if (_waitsEndReason == WaitsEndReason.None) _waitsEndReason = reason;
        _waitsEnd.Cancel();
    }

    /// <summary>The exception a wait ended by <see cref="WaitsEnd"/> throws: <paramref name="what"/> says what did not happen.</summary>
    internal DomainClosedException WaitEnded(string what)
    {
        var why = _waitsEndReason switch
        {
            WaitsEndReason.ForcedClose => "is being closed with force",
            WaitsEndReason.Shutdown => "is closing because its runtime is shutting down",
            _ => "closed",
        };
        return new DomainClosedException(Name, $"Domain '{Name}' (#{Id}) {why}, which ended its wait: {what}.");
    }
}

/// <summary>Why a domain's waits ended (see <see cref="Domain.WaitsEnd"/>).</summary>
internal enum WaitsEndReason
{
    None,
    ForcedClose,
    Shutdown,
    Closed,
}
