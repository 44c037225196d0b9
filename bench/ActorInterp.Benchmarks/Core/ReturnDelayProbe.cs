using System.Diagnostics;
using ActorInterp.Domains;
using ActorInterp.Sharing;

namespace ActorInterp.Benchmarks.Core;

/// <summary>
/// How long one return waits behind a flood: the owner is held at a gate while 1,000,000 ordinary posts queue
/// in its mailbox and a holder disposes its proxy (the return queues too). From the gate's opening, the
/// probe measures when the owner frees the buffer and when it has run the last post.
/// </summary>
public static class ReturnDelayProbe
{
    public static async Task<(double ReturnMicros, double DrainMicros)> RunAsync(int posts)
    {
        await using var runtime = DomainRuntime.Create(null, "bench-delay");
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        long freedAt = 0, lastPostAt = 0;
        var freed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handle = await owner.CallAsync(() =>
        {
            var buffer = SharedBuffer.Allocate(1024);
            buffer.WhenFreed(() =>
            {
                freedAt = Stopwatch.GetTimestamp();
                freed.SetResult();
            });
            var h = buffer.Share(holder);
            buffer.Dispose();
            return h;
        });
        BufferProxy? proxy = null; // the holder's: touched only on its thread
        await holder.RunAsync(() => proxy = handle.Open());
        using var gate = new ManualResetEventSlim(false);
        owner.Post(() => gate.Wait());
        var ran = 0;
        Action post = () =>
        {
            if (++ran == posts)
            {
                lastPostAt = Stopwatch.GetTimestamp();
                drained.SetResult();
            }
        };
        for (var i = 0; i < posts; i++) owner.Post(post);
        await holder.RunAsync(() => proxy!.Dispose());
        await holder.RunAsync(() => { }); // the turn that disposed has ended, so its return is queued at the owner
        var opened = Stopwatch.GetTimestamp();
        gate.Set();
        await freed.Task;
        await drained.Task;
        return (Stopwatch.GetElapsedTime(opened, freedAt).TotalMicroseconds, Stopwatch.GetElapsedTime(opened, lastPostAt).TotalMicroseconds);
    }
}
