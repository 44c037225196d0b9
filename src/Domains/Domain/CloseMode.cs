namespace ActorInterp.Domains;

/// <summary>
/// How <see cref="Domain.CloseAsync"/> treats what the domain still has out. The layers built on the domains
/// say what each mode does to what they manage (what a drain waits for, what a force takes back).
/// </summary>
public enum CloseMode
{
    /// <summary>
    /// Accept no new work, wait for every running call to finish and for whatever the layers above hold the
    /// drain for, then close. Fails with <see cref="DrainTimeoutException"/> after the timeout, listing what was
    /// still out, and leaves the domain open.
    /// </summary>
    Drain = 0,
    /// <summary>
    /// Close now, without waiting: calls still running fail with <see cref="DomainClosedException"/>, and the
    /// layers above take back what the domain still has out (their part of the <see cref="DomainCloseReport"/>
    /// counts it, and makes the report unclean).
    /// </summary>
    Force = 1,
}
