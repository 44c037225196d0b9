namespace ActorInterp.Domains;

/// <summary>How <see cref="Domain.CloseAsync"/> treats what the domain has lent out.</summary>
public enum CloseMode
{
    /// <summary>
    /// Accept no new work or shares, wait for every borrow to come back and every running call to finish,
    /// then close. Fails with <see cref="DrainTimeoutException"/> after the timeout, leaving the domain open.
    /// </summary>
    Drain = 0,
    /// <summary>
    /// Close now. Every borrow still out is revoked: its proxies throw <c>OwnerClosedException</c> on access,
    /// and the memory behind them is never handed back to a pool, so a reader can never see it reused.
    /// Calls still running fail with <see cref="DomainClosedException"/>.
    /// </summary>
    Force = 1,
}
