using ActorInterp.Domains;

namespace ActorInterp.Sharing;

/// <summary>
/// Thrown when a proxy is read after its owner domain was closed with <see cref="CloseMode.Force"/> (or
/// crashed): the borrow was revoked. The memory was not reused, but the data may no longer be relied on.
/// </summary>
public sealed class OwnerClosedException : DomainException
{
    /// <summary>Creates the exception.</summary>
    public OwnerClosedException(string domainName, string message) : base(domainName, message) { }
}
