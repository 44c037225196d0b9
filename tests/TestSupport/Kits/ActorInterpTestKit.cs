using System.Collections.Concurrent;
using System.Globalization;
using ActorInterp.Domains;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.TestSupport;

/// <summary>
/// The TestKit every test project builds on: one configuration (warnings and errors logged, dead letters not,
/// <c>akka.test.timefactor</c> from <see cref="TestTime.Factor"/>), one bound for a step of a test
/// (<see cref="Long"/>, dilated), waits that respect it, and runtimes on the test's actor system that record
/// posted calls that throw.
/// </summary>
public abstract class ActorInterpTestKit : TestKit
{
    /// <param name="config">The test's own settings; they take precedence over the shared ones.</param>
    /// <param name="output">Where the actor system's log goes, besides the test's result.</param>
    protected ActorInterpTestKit(Config? config = null, ITestOutputHelper? output = null)
        : base((config ?? Config.Empty).WithFallback(SharedConfig), null, output)
    {
    }

    /// <summary>The settings every test's actor system starts from.</summary>
    public static Config SharedConfig { get; } = ConfigurationFactory.ParseString($"""
        akka.loglevel = WARNING
        akka.log-dead-letters = off
        akka.test.single-expect-default = 10s
        akka.test.timefactor = {TestTime.Factor.ToString(CultureInfo.InvariantCulture)}
        """);

    /// <summary>The longest any single step of a test may take before it counts as a hang, before dilation.</summary>
    protected virtual TimeSpan LongBound => TimeSpan.FromSeconds(20);

    /// <summary><see cref="LongBound"/>, dilated by the time factor.</summary>
    protected TimeSpan Long => Dilated(LongBound);

    /// <summary>Failures of posted calls in the runtimes made by <see cref="NewRuntime(DomainRuntimeOptions?)"/> (a failed check inside a domain lands here).</summary>
    protected ConcurrentQueue<string> PostFailures { get; } = new();

    /// <summary>A runtime on the test's actor system; a posted call that throws in it is added to <see cref="PostFailures"/>.</summary>
    protected DomainRuntime NewRuntime(DomainRuntimeOptions? options = null)
    {
        var runtime = new DomainRuntime(Sys, options);
        runtime.PendingCallFailed += (_, e) => PostFailures.Enqueue($"{e.Domain.Name}: {e.Exception}");
        return runtime;
    }

    /// <summary>Awaits <paramref name="task"/> for at most <see cref="Long"/>.</summary>
    /// <exception cref="TimeoutException">The task did not complete in time.</exception>
    protected async Task<T> Within<T>(Task<T> task) => await task.WaitAsync(Long);

    /// <summary>Awaits <paramref name="task"/> for at most <see cref="Long"/>.</summary>
    /// <exception cref="TimeoutException">The task did not complete in time.</exception>
    protected async Task Within(Task task) => await task.WaitAsync(Long);

    /// <summary>Waits until <paramref name="assert"/> holds, for at most <see cref="Long"/>.</summary>
    protected Task Eventually(Action assert) => AwaitAssertAsync(assert, Long, TimeSpan.FromMilliseconds(10));

    /// <summary>Waits until <paramref name="actual"/> gives <paramref name="expected"/>, for at most <see cref="Long"/>; a failure names <paramref name="what"/>.</summary>
    protected Task AwaitEqualAsync<T>(T expected, Func<T> actual, string what) =>
        AwaitAssertAsync(() =>
        {
            var value = actual();
            Assert.True(Equals(expected, value), $"{what}: expected {expected}, got {value}");
        }, Long, TimeSpan.FromMilliseconds(20));

    /// <summary>Runs full collections until <paramref name="assert"/> holds (a finalizer's effect reached its domain), for at most <see cref="Long"/>.</summary>
    protected Task EventuallyAfterGc(Action assert) => AwaitAssertAsync(() =>
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        assert();
    }, Long, TimeSpan.FromMilliseconds(50));

    /// <summary>Shuts <paramref name="runtime"/> down, asserts a clean report and no failed posted call, and disposes it.</summary>
    protected async Task<RuntimeShutdownReport> ShutdownClean(DomainRuntime runtime)
    {
        var report = await Within(runtime.ShutdownAsync());
        await runtime.DisposeAsync();
        Assert.True(report.IsClean, $"shutdown not clean: forced {string.Join(", ", report.Forced)}, leaks {string.Join("; ", report.Leaks)}");
        Assert.Empty(PostFailures);
        return report;
    }
}
