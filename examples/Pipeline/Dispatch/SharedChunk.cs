using ActorInterp.Sharing;

namespace ActorInterp.Examples.Pipeline.Dispatch;

/// <summary>A chunk in a shared buffer owned by the reader domain: the memory of the share, copy and transfer modes.</summary>
internal sealed class SharedChunk(SharedBuffer buffer) : ReaderChunk
{
    /// <summary>A new chunk of <paramref name="size"/> bytes owned by the calling (reader) domain.</summary>
    public static SharedChunk Allocate(int size) => new(SharedBuffer.Allocate(size));

    /// <summary>The buffer, for the courier to share, copy or transfer.</summary>
    public SharedBuffer Buffer { get; } = buffer;

    public override Span<byte> Span => Buffer.Span;

    public override void Dispose() => Buffer.Dispose();
}
