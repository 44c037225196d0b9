using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Sharing;

namespace ActorInterp.Examples.Pipeline.Dispatch;

/// <summary>Lends the chunk: the worker reads the reader's memory through a proxy; its return frees the chunk on the reader.</summary>
internal sealed class ShareCourier(WorkerState[] workers) : IChunkCourier
{
    public long Copies => 0;

    public ReaderChunk Allocate(int size) => SharedChunk.Allocate(size);

    public void Send(ReaderChunk sent, int length, int worker, Action onDone)
    {
        var chunk = ((SharedChunk)sent).Buffer;
        var state = workers[worker];
        chunk.WhenFreed(onDone); // on the reader's thread, when the worker's return has arrived
        var handle = chunk.Share(state.Domain);
        chunk.Dispose();
        state.Domain.Post(() =>
        {
            using var proxy = handle.Open();
            state.Count(proxy.Span[..length]);
        });
    }
}
