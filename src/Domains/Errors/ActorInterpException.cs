namespace ActorInterp.Domains;

/// <summary>
/// Base class of the errors ActorInterp raises for misuse of a domain. Every message names the domain
/// involved and says what to do instead.
/// </summary>
public abstract class DomainException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="domainName"/>.</summary>
    protected DomainException(string domainName, string message, Exception? inner = null)
        : base(message, inner) => DomainName = domainName;

    /// <summary>The name of the domain the error concerns.</summary>
    public string DomainName { get; }
}
