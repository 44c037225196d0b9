using ActorInterp.Sharing;

namespace ActorInterp.Actors;

/// <summary>
/// One buffer of a message on its way: the sender's object (a <see cref="SharedBuffer"/> or a
/// <see cref="BufferProxy"/>), the handle that carries the borrow, and, once opened on the receiving side,
/// the receiver's proxy. The receiver finds a buffer by the sender's object, so a buffer that appears twice
/// in a message is lent once and arrives as one proxy.
/// </summary>
internal sealed class BufferLink(object source, BufferHandle handle)
{
    internal object Source { get; } = source;

    internal BufferHandle Handle { get; } = handle;

    internal BufferProxy? Proxy { get; set; }
}
