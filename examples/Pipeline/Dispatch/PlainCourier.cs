using System.Threading.Channels;
using ActorInterp.Examples.Pipeline.Engine;

namespace ActorInterp.Examples.Pipeline.Dispatch;

/// <summary>
/// Plain mode, the baseline without isolation: chunks are arrays from the shared pool, handed to worker threads
/// through one <see cref="Channel{T}"/> each; a worker counts a chunk, returns its array to the pool itself and
/// releases the reader's credit from its own thread. No domains, no proxies, no ownership returns.
/// </summary>
internal sealed class PlainCourier : IChunkCourier
{
    private readonly Channel<(PooledChunk Chunk, int Length, Action OnDone)>[] _queues;
    private readonly Thread[] _threads;
    private Exception? _failure;

    /// <summary>Starts <paramref name="workers"/> worker threads, each waiting on its channel.</summary>
    public PlainCourier(int workers)
    {
        Counts = Enumerable.Range(0, workers).Select(_ => new WorkerCounts()).ToArray();
        _queues = Enumerable.Range(0, workers)
            .Select(_ => Channel.CreateUnbounded<(PooledChunk, int, Action)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true }))
            .ToArray();
        _threads = Enumerable.Range(0, workers).Select(i => new Thread(() => Work(i)) { IsBackground = true, Name = $"plain-worker-{i + 1}" }).ToArray();
        foreach (var t in _threads) t.Start();
    }

    /// <summary>Each worker's counts; read them only after <see cref="CompleteAsync"/>.</summary>
    public WorkerCounts[] Counts { get; }

    public long Copies => 0;

    public ReaderChunk Allocate(int size) => new PooledChunk(size);

    public void Send(ReaderChunk chunk, int length, int worker, Action onDone)
    {
        // The in-flight credits bound the chunks queued, so the channels need no bound of their own.
        if (!_queues[worker].Writer.TryWrite(((PooledChunk)chunk, length, onDone)))
            throw new InvalidOperationException($"Plain worker {worker + 1} no longer takes chunks: the courier was completed.");
    }

    /// <summary>Tells the workers no more chunks come and waits for them to finish.</summary>
    /// <exception cref="InvalidOperationException">A worker failed to count a chunk (the exception is inside).</exception>
    public async Task CompleteAsync()
    {
        foreach (var q in _queues) q.Writer.TryComplete();
        await Task.Run(() =>
        {
            foreach (var t in _threads) t.Join();
        });
        if (Volatile.Read(ref _failure) is { } failure)
            throw new InvalidOperationException($"A plain worker failed to count a chunk: {failure.Message}", failure);
    }

    private void Work(int worker)
    {
        var queue = _queues[worker].Reader;
        var counts = Counts[worker];
        // A dedicated thread may block while it waits for the next chunk.
        while (queue.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (queue.TryRead(out var item))
            {
                try
                {
                    if (Volatile.Read(ref _failure) is null) counts.Count(item.Chunk.Span[..item.Length]);
                }
                catch (Exception ex)
                {
                    // Kept for CompleteAsync to throw; the chunk still goes back, or the reader would wait for its credit forever.
                    Interlocked.CompareExchange(ref _failure, ex, null);
                }
                item.Chunk.Dispose();
                item.OnDone();
            }
        }
    }
}
