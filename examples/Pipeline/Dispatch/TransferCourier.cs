using ActorInterp.Domains;
using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Sharing;

namespace ActorInterp.Examples.Pipeline.Dispatch;

/// <summary>Moves the chunk: the worker owns it, counts it and frees it on its own thread.</summary>
internal sealed class TransferCourier(WorkerState[] workers) : IChunkCourier
{
    public long Copies => 0;

    public ReaderChunk Allocate(int size) => SharedChunk.Allocate(size);

    public void Send(ReaderChunk sent, int length, int worker, Action onDone)
    {
        var chunk = ((SharedChunk)sent).Buffer;
        var state = workers[worker];
        var reader = Domain.Current!;
        chunk.WhenFreed(() => reader.Post(onDone)); // runs on the worker, the owner by then
        var transfer = chunk.Transfer(state.Domain);
        state.Domain.Post(() =>
        {
            using var owned = transfer.Accept();
            state.Count(owned.ReadOnlySpan[..length]);
        });
    }
}
