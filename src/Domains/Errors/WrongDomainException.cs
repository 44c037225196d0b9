namespace ActorInterp.Domains;

/// <summary>
/// Thrown when an object that belongs to one domain is touched from a thread that is not that domain's
/// thread. Move the call into the domain with <see cref="Domain.Post"/>, <see cref="Domain.RunAsync(Action)"/>
/// or <see cref="Domain.CallAsync{T}(Func{T})"/>.
/// </summary>
public sealed class WrongDomainException : DomainException
{
    /// <summary>Creates the exception.</summary>
    public WrongDomainException(string domainName, string message) : base(domainName, message) { }
}
