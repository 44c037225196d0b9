namespace ActorInterp.Domains;

/// <summary>
/// Thrown when the runtime's main domain is closed on its own. The main domain lives as long as its
/// <see cref="DomainRuntime"/>; dispose the runtime to close it.
/// </summary>
public sealed class MainDomainCloseException : DomainException
{
    /// <summary>Creates the exception.</summary>
    public MainDomainCloseException(string domainName, string message) : base(domainName, message) { }
}
