using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Configuration;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.TestSupport;

/// <summary>
/// An <see cref="ActorInterpTestKit"/> with one <see cref="DomainRuntime"/> over its actor system, shut down after
/// each test and checked clean: nothing forced, no borrow revoked.
/// </summary>
public abstract class DomainTestKit : ActorInterpTestKit, IAsyncLifetime
{
    /// <param name="config">The test's own settings; they take precedence over the shared ones.</param>
    /// <param name="output">Where the actor system's log goes, besides the test's result.</param>
    protected DomainTestKit(Config? config = null, ITestOutputHelper? output = null) : base(config, output)
    {
        Runtime = new DomainRuntime(Sys);
    }

    /// <summary>The test's runtime, on the TestKit's actor system.</summary>
    protected DomainRuntime Runtime { get; }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        var report = await Runtime.ShutdownAsync(Long).WaitAsync(Long * 2);
        await Runtime.DisposeAsync();
        Assert.True(report.IsClean, $"the runtime shut down with leaks: {string.Join("; ", report.Leaks)}, forced {string.Join(", ", report.Forced)}");
    }

    /// <summary>Waits until <paramref name="owner"/> owns no buffer and lends nothing.</summary>
    protected Task AwaitAllReturned(Domain owner) => AwaitAssertAsync(() =>
    {
        var stats = owner.GetSharingStats();
        Assert.Equal(0, stats.BorrowsOut);
        Assert.Equal(0, stats.OwnedBuffers);
    }, Long);

    /// <summary>
    /// Occupies <paramref name="domain"/>'s thread until the returned blocker is released, so that work sent
    /// meanwhile stays queued. Returns once the domain is blocked.
    /// </summary>
    protected async Task<Blocker> BlockAsync(Domain domain)
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bound = Long;
        var run = domain.RunAsync(() =>
        {
            entered.SetResult();
#pragma warning disable AI0005 // blocking the domain's thread is the point: work sent meanwhile stays queued
            if (!gate.Task.Wait(bound)) throw new TimeoutException("The test never released the domain it blocked.");
#pragma warning restore AI0005
        });
        await entered.Task.WaitAsync(Long);
        return new Blocker(gate, run);
    }

    /// <summary>Starts an async call that stays in flight (awaiting) until the returned source completes.</summary>
    protected async Task<(TaskCompletionSource<int> Release, Task<int> Call)> StartInFlightCallAsync(Domain domain)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = domain.CallAsync(async () =>
        {
            started.SetResult();
            return await release.Task;
        });
        await started.Task.WaitAsync(Long);
        return (release, call);
    }
}
