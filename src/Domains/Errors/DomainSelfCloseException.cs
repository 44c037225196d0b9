namespace ActorInterp.Domains;

/// <summary>
/// Thrown when a domain is asked to close from its own thread: the close waits for the domain's thread,
/// so it would wait for itself. Close it from another domain or from outside every domain.
/// </summary>
public sealed class DomainSelfCloseException : DomainException
{
    /// <summary>Creates the exception.</summary>
    public DomainSelfCloseException(string domainName, string message) : base(domainName, message) { }
}
