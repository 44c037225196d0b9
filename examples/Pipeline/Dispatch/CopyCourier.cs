using System.Runtime.InteropServices;
using ActorInterp.Domains;
using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Sharing;

namespace ActorInterp.Examples.Pipeline.Dispatch;

/// <summary>
/// The baseline: the chunk is serialized with Hyperion on the reader and deserialized into a new array on the
/// worker, as a message crossing a serialization boundary would be; the reader's chunk is freed at once.
/// </summary>
internal sealed class CopyCourier(WorkerState[] workers) : IChunkCourier
{
    private readonly Hyperion.Serializer _serializer = ChunkCopy.NewSerializer();
    private long _copies;

    public long Copies => _copies;

    public ReaderChunk Allocate(int size) => SharedChunk.Allocate(size);

    public void Send(ReaderChunk sent, int length, int worker, Action onDone)
    {
        var chunk = ((SharedChunk)sent).Buffer;
        var state = workers[worker];
        var reader = Domain.Current!;
        if (!MemoryMarshal.TryGetArray(chunk.ReadOnlyMemory, out var segment))
            throw new InvalidOperationException("A pooled chunk is always backed by an array.");
        var wire = new MemoryStream(segment.Count + 64);
        _serializer.Serialize(new ChunkCopy { Bytes = segment.Array!, Length = length }, wire);
        chunk.Dispose();
        _copies++;
        var bytes = wire.GetBuffer();
        var wireLength = (int)wire.Length;
        state.Domain.Post(() =>
        {
#pragma warning disable AI0002 // the serialized copy changes hands: the reader drops it here and never writes it again
            var copy = state.Serializer.Deserialize<ChunkCopy>(new MemoryStream(bytes, 0, wireLength, writable: false));
#pragma warning restore AI0002
            state.Count(copy.Bytes.AsSpan(0, copy.Length));
            reader.Post(onDone);
        });
    }
}
