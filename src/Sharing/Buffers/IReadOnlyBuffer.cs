using ActorInterp.Domains;

namespace ActorInterp.Sharing;

/// <summary>
/// The read-only side common to an owner's <see cref="SharedBuffer"/> and a holder's <see cref="BufferProxy"/>.
/// A message field of this type can carry the owner's buffer on the sending side and arrive as a proxy on
/// the receiving side, so one message type serves both ends.
/// </summary>
/// <remarks>
/// Members follow the rules of the implementing type: they are usable on the owner's (or holder's) thread
/// only, except <see cref="IDisposable.Dispose"/>.
/// </remarks>
public interface IReadOnlyBuffer : IDisposable
{
    /// <summary>The runtime-wide id of the buffer.</summary>
    long BufferId { get; }

    /// <summary>The length in bytes of what can be read: the buffer's, or for a proxy of a slice, the slice's.</summary>
    int Length { get; }

    /// <summary>The domain that owns the buffer.</summary>
    Domain Owner { get; }

    /// <summary>The bytes, read-only.</summary>
    /// <exception cref="WrongDomainException">Not on the owner's (or holder's) thread.</exception>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    ReadOnlySpan<byte> ReadOnlySpan { get; }

    /// <summary>The bytes, read-only, as memory valid until the buffer or proxy is disposed.</summary>
    /// <exception cref="WrongDomainException">Not on the owner's (or holder's) thread.</exception>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    ReadOnlyMemory<byte> ReadOnlyMemory { get; }
}
