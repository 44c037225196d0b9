using ActorInterp.Domains;

namespace ActorInterp.Sharing;

/// <summary>
/// Thrown when a shared buffer is written (or transferred) after it was first shared: from then on its
/// bytes never change. Allocate a new buffer to write new data.
/// </summary>
public sealed class BufferFrozenException : DomainException
{
    /// <summary>Creates the exception.</summary>
    public BufferFrozenException(string domainName, string message) : base(domainName, message) { }
}
