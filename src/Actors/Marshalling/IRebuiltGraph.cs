namespace ActorInterp.Actors;

/// <summary>
/// A message graph that is not the sender's object graph but a description to rebuild it from (for
/// instance a serialized body that arrived from another node): <see cref="MarshalledMessage.Open"/> asks it
/// to rebuild the message with the receiver's proxies in place, instead of walking it.
/// </summary>
internal interface IRebuiltGraph
{
    /// <summary>The receiver's message, with <paramref name="links"/>' proxies in place of the buffers. Receiver's thread.</summary>
    object Rebuild(BufferLink[] links);
}
