using ActorInterp.Domains;

namespace ActorInterp.Actors;

/// <summary>
/// The cancellation one channel wait observes: the caller's token and, for a wait a domain makes, the
/// domain's end of waits (<see cref="Domain.WaitsEnd"/>: a forced close, the runtime's shutdown, or the
/// close itself), so that no wait outlives its domain. Links the two only when both can be cancelled.
/// </summary>
internal readonly struct DomainWait : IDisposable
{
    private readonly CancellationTokenSource? _linked;
    private readonly Domain? _domain;
    private readonly CancellationToken _caller;

    internal DomainWait(Domain? domain, CancellationToken caller)
    {
        _domain = domain;
        _caller = caller;
        if (domain is null) Token = caller;
        else if (!caller.CanBeCanceled) Token = domain.WaitsEnd;
        else
        {
            _linked = CancellationTokenSource.CreateLinkedTokenSource(caller, domain.WaitsEnd);
            Token = _linked.Token;
        }
    }

    /// <summary>The token to wait with.</summary>
    internal CancellationToken Token { get; }

    /// <summary>True when the wait was ended by its domain rather than by its caller's token.</summary>
    internal bool EndedByDomain => _domain is { WaitsEnded: true } && !_caller.IsCancellationRequested;

    /// <summary>The exception for a wait its domain ended; <paramref name="what"/> says what did not happen.</summary>
    internal DomainClosedException Ended(string what) => _domain!.WaitEnded(what);

    public void Dispose() => _linked?.Dispose();
}
