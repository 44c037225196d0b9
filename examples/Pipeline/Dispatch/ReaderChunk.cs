namespace ActorInterp.Examples.Pipeline.Dispatch;

/// <summary>
/// A chunk while the reader fills it: its memory, from whichever place the mode's <see cref="IChunkCourier"/>
/// takes chunks (a shared buffer of the reader domain, or a pooled array in plain mode).
/// </summary>
internal abstract class ReaderChunk : IDisposable
{
    /// <summary>The chunk's memory: every byte may be written until the chunk is sent.</summary>
    public abstract Span<byte> Span { get; }

    /// <summary>Bytes of the chunk.</summary>
    public int Length => Span.Length;

    /// <summary>Frees a chunk that is not sent.</summary>
    public abstract void Dispose();
}
