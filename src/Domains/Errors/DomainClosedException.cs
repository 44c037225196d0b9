namespace ActorInterp.Domains;

/// <summary>
/// Thrown when work is given to a domain that is closing or closed, or when a domain that has closed is
/// used as the target of an operation.
/// </summary>
public sealed class DomainClosedException : DomainException
{
    /// <summary>Creates the exception.</summary>
    public DomainClosedException(string domainName, string message) : base(domainName, message) { }
}
