using System.Collections.Immutable;
using System.Diagnostics;
using ActorInterp.Domains;
using ActorInterp.Sharing;

namespace ActorInterp.Benchmarks.Core;

/// <summary>
/// Ownership returns per second: a holder disposes <c>n</c> proxies (of <c>n</c> buffers it was lent) in one
/// turn; the time runs until the owner has applied every return. The owner keeps its own hold, so nothing is
/// freed: only the returns are measured. Completion is a message the holder sends after its turn ended, which
/// the owner runs after the returns because returns travel in the owner's control lane.
/// </summary>
public static class ReturnsProbe
{
    public static async Task<double> ReturnsPerSecondAsync(bool coalesce, int n)
    {
        await using var runtime = DomainRuntime.Create(new DomainRuntimeOptions { Layers = [new SharingOptions { CoalesceReturns = coalesce }] }, "bench-returns");
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        // Each domain's objects are made and touched on that domain's thread only; the handles cross, immutable.
        SharedBuffer[]? buffers = null;
        var handles = ImmutableArray<BufferHandle>.Empty;
        await owner.RunAsync(() =>
        {
            buffers = new SharedBuffer[n];
            var shared = ImmutableArray.CreateBuilder<BufferHandle>(n);
            for (var i = 0; i < n; i++)
            {
                buffers[i] = SharedBuffer.Allocate(16);
                shared.Add(buffers[i].Share(holder));
            }
            handles = shared.MoveToImmutable();
        });
        BufferProxy[]? proxies = null;
        await holder.RunAsync(() => proxies = [.. handles.Select(h => h.Open())]);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long start = 0, end = 0;
        await holder.RunAsync(() =>
        {
            start = Stopwatch.GetTimestamp();
            foreach (var p in proxies!) p.Dispose();
            holder.Post(() => owner.Post(() =>
            {
                end = Stopwatch.GetTimestamp();
                done.SetResult();
            }));
        });
        await done.Task;
        var returned = owner.GetSharingStats().ReturnsReceived;
        if (returned != n) throw new InvalidOperationException($"The owner applied {returned} returns of {n} before the end marker.");
        await owner.RunAsync(() => { foreach (var b in buffers!) b.Dispose(); });
        return n / Stopwatch.GetElapsedTime(start, end).TotalSeconds;
    }
}
