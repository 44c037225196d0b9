using System.Diagnostics;
using ActorInterp.Domains;
using ActorInterp.Sharing;

namespace ActorInterp.Benchmarks.Core;

/// <summary>
/// Moves buffers from an owner domain to a holder domain by sharing: allocate (pooled), share, send the handle,
/// open, optionally read every byte, dispose, and the return reaching the owner, which frees the buffer.
/// Keeps <c>window</c> buffers in flight; the owner issues the next window when the last of one is freed.
/// </summary>
public sealed class ShareMover : IAsyncDisposable
{
    private readonly DomainRuntime _runtime;
    private readonly Domain _owner;
    private readonly Domain _holder;

    public ShareMover(DomainRuntimeOptions? options = null)
    {
        _runtime = DomainRuntime.Create(options, "bench");
        _owner = _runtime.CreateDomain("owner");
        _holder = _runtime.CreateDomain("holder");
    }

    public DomainRuntime Runtime => _runtime;

    /// <summary>Moves <paramref name="count"/> buffers of <paramref name="size"/> bytes; returns microseconds per buffer.</summary>
    public async Task<double> MoveAsync(int size, int count, int window, bool read)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long start = 0, end = 0;
        var issued = 0;
        var freed = 0;
        ulong sink = 0;
        var holder = _holder;
        var owner = _owner;
        void OnFreed()
        {
            freed++;
            if (freed == count)
            {
                end = Stopwatch.GetTimestamp();
                done.SetResult();
            }
            else if (freed % window == 0)
            {
                owner.Post(IssueWindow); // a free callback must not do further work inline
            }
        }
        void IssueWindow()
        {
            for (var i = 0; i < window && issued < count; i++, issued++)
            {
                var buffer = SharedBuffer.Allocate(size);
                buffer.WhenFreed(OnFreed);
                var handle = buffer.Share(holder);
                buffer.Dispose();
                holder.Post(() =>
                {
                    using var proxy = handle.Open();
                    if (read) sink += Bytes.Sum(proxy.Span);
                });
            }
        }
        await owner.RunAsync(() =>
        {
            start = Stopwatch.GetTimestamp();
            IssueWindow();
        });
        await done.Task;
        GC.KeepAlive(sink);
        return Stopwatch.GetElapsedTime(start, end).TotalMicroseconds / count;
    }

    public async ValueTask DisposeAsync() => await _runtime.DisposeAsync();
}
