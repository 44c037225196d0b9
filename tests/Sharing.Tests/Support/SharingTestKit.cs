using System.Collections.Concurrent;
using ActorInterp.Domains;
using Akka.TestKit.Xunit2;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.Support;

/// <summary>
/// TestKit with what the Sharing tests share: runtimes on the test's actor system that record posted
/// calls that throw, waits scaled by <c>akka.test.timefactor</c>, and a barrier through a domain's mailbox.
/// </summary>
public abstract class SharingTestKit(ITestOutputHelper output) : TestKit(output: output)
{
    /// <summary>How long any single step may take on a loaded machine, before dilation.</summary>
    protected static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    /// <summary>Failures of posted calls in the runtimes this test made (a failed check inside a domain lands here).</summary>
    protected ConcurrentQueue<string> PostFailures { get; } = new();

    /// <summary>A runtime on the test's actor system.</summary>
    protected DomainRuntime NewRuntime(DomainRuntimeOptions? options = null)
    {
        var runtime = new DomainRuntime(Sys, options);
        runtime.PendingCallFailed += (_, e) => PostFailures.Enqueue($"{e.Domain.Name}: {e.Exception}");
        return runtime;
    }

    /// <summary>A runtime whose buffers come from <paramref name="pool"/>.</summary>
    protected DomainRuntime NewRuntime(RecordingPool pool, bool coalesce = true, bool trackLeakSites = false) =>
        NewRuntime(new DomainRuntimeOptions { Layers = [new SharingOptions { BufferPool = pool, CoalesceReturns = coalesce, TrackLeakSites = trackLeakSites }] });

    /// <summary>Awaits <paramref name="task"/> for at most one dilated step.</summary>
    protected async Task<T> Within<T>(Task<T> task) => await task.WaitAsync(Dilated(Step));

    /// <summary>Awaits <paramref name="task"/> for at most one dilated step.</summary>
    protected async Task Within(Task task) => await task.WaitAsync(Dilated(Step));

    /// <summary>Waits until <paramref name="assert"/> holds, for at most one dilated step.</summary>
    protected Task Eventually(Action assert) => AwaitAssertAsync(assert, Dilated(Step), TimeSpan.FromMilliseconds(10));

    /// <summary>
    /// Completes once <paramref name="domain"/> has finished every message queued before this one (of both
    /// lanes), including the end of the turn that ran them. Works while the domain is closing.
    /// </summary>
    protected Task Barrier(Domain domain)
    {
        var barrier = new BarrierMessage();
        domain.SendInternal(barrier);
        return Within(barrier.Passed.Task);
    }

    /// <summary>Barriers on every domain in order: a message one of them sent the next before its barrier has arrived.</summary>
    protected async Task Barrier(params Domain[] domains)
    {
        foreach (var domain in domains) await Barrier(domain);
    }

    /// <summary>Shuts the runtime down, asserts a clean report and no failed posted call, and disposes it.</summary>
    protected async Task<RuntimeShutdownReport> ShutdownClean(DomainRuntime runtime)
    {
        var report = await Within(runtime.ShutdownAsync());
        await runtime.DisposeAsync();
        Assert.True(report.IsClean, $"shutdown not clean: forced {string.Join(", ", report.Forced)}, revoked {report.RevokedBorrows}");
        Assert.Empty(PostFailures);
        return report;
    }

    /// <summary>Runs full collections until <paramref name="assert"/> holds (a finalizer's effect reached its domain).</summary>
    protected Task EventuallyAfterGc(Action assert) => AwaitAssertAsync(() =>
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        assert();
    }, Dilated(Step), TimeSpan.FromMilliseconds(50));

    // Ordinary lane: it runs after everything queued before it, and each of those ran in a turn of its own
    // that has ended (flushing its returns) by the time this one starts.
    private sealed class BarrierMessage : DomainMessage
    {
        internal TaskCompletionSource Passed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal override void Run(Domain domain) => Passed.TrySetResult();

        internal override void OnDropped() => Passed.TrySetException(new DomainClosedException(Target!.Name, "the domain closed before the barrier passed"));
    }
}
