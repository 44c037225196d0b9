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
        // Each domain's objects are kept here but touched only on that domain's thread.
        var buffers = new SharedBuffer[n];
        var handles = new BufferHandle[n];
        await owner.RunAsync(() =>
        {
            for (var i = 0; i < n; i++)
            {
                buffers[i] = SharedBuffer.Allocate(16);
                handles[i] = buffers[i].Share(holder);
            }
        });
        var proxies = new BufferProxy[n];
        await holder.RunAsync(() =>
        {
            for (var i = 0; i < n; i++) proxies[i] = handles[i].Open();
        });
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long start = 0, end = 0;
        await holder.RunAsync(() =>
        {
            start = Stopwatch.GetTimestamp();
            foreach (var p in proxies) p.Dispose();
            holder.Post(() => owner.Post(() =>
            {
                end = Stopwatch.GetTimestamp();
                done.SetResult();
            }));
        });
        await done.Task;
        var returned = owner.GetSharingStats().ReturnsReceived;
        if (returned != n) throw new InvalidOperationException($"The owner applied {returned} returns of {n} before the end marker.");
        await owner.RunAsync(() => { foreach (var b in buffers) b.Dispose(); });
        return n / Stopwatch.GetElapsedTime(start, end).TotalSeconds;
    }
}
