using ActorInterp.Domains.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Domains.Tests.Lifecycle;

public sealed class CloseTests(ITestOutputHelper output) : DomainTestKit(output: output)
{
    [Fact]
    public async Task A_drain_close_goes_from_Running_through_Closing_to_Closed()
    {
        var domain = Runtime.CreateDomain("states");
        var (release, call) = await StartInFlightCallAsync(domain);
        Assert.Equal(DomainState.Running, domain.State);

        var close = domain.CloseAsync(CloseMode.Drain, Long);
        Assert.Equal(DomainState.Closing, domain.State);
        await domain.RunRawAsync(() => { }, Long); // the close request has been processed: the drain is waiting
        Assert.Equal(DomainState.Closing, domain.State);
        Assert.False(close.IsCompleted);

        release.SetResult(1);
        var report = await close.WaitAsync(Long);

        Assert.Equal(DomainState.Closed, domain.State);
        Assert.Equal(CloseMode.Drain, report.Mode);
        Assert.True(report.IsClean);
        Assert.Equal("states", report.Domain);
        Assert.Equal(1, await call.WaitAsync(Long));
    }

    [Fact]
    public async Task Work_given_to_a_closing_domain_is_refused_with_DomainClosedException_naming_it()
    {
        var domain = Runtime.CreateDomain("closing-one");
        var (release, _) = await StartInFlightCallAsync(domain);
        var close = domain.CloseAsync(CloseMode.Drain, Long);
        Assert.Equal(DomainState.Closing, domain.State);

        AssertRefused(domain, "closing");

        release.SetResult(0);
        await close.WaitAsync(Long);
    }

    [Fact]
    public async Task Work_given_to_a_closed_domain_is_refused_with_DomainClosedException_naming_it()
    {
        var domain = Runtime.CreateDomain("closed-one");
        await domain.CloseAsync().WaitAsync(Long);
        Assert.Equal(DomainState.Closed, domain.State);

        AssertRefused(domain, "closed");
    }

    private static void AssertRefused(Domain domain, string state)
    {
        var refusals = new[]
        {
            Assert.Throws<DomainClosedException>(() => domain.Post(() => { })),
            Assert.Throws<DomainClosedException>(() => { _ = domain.RunAsync(() => { }); }),
            Assert.Throws<DomainClosedException>(() => { _ = domain.RunAsync(() => Task.CompletedTask); }),
            Assert.Throws<DomainClosedException>(() => { _ = domain.CallAsync(() => 1); }),
            Assert.Throws<DomainClosedException>(() => { _ = domain.CallAsync(() => Task.FromResult(1)); }),
        };
        foreach (var refusal in refusals)
        {
            Assert.Equal(domain.Name, refusal.DomainName);
            Assert.Contains($"'{domain.Name}'", refusal.Message);
            Assert.Contains(state, refusal.Message);
        }
    }

    [Fact]
    public async Task Closing_a_domain_from_its_own_thread_throws_DomainSelfCloseException()
    {
        var domain = Runtime.CreateDomain("self-closer");

        var error = await domain.CallAsync(() => Record.Exception(() => { _ = domain.CloseAsync(); })).WaitAsync(Long);
        var forced = await domain.CallAsync(() => Record.Exception(() => { _ = domain.CloseAsync(CloseMode.Force); })).WaitAsync(Long);

        var selfClose = Assert.IsType<DomainSelfCloseException>(error);
        Assert.IsType<DomainSelfCloseException>(forced);
        Assert.Equal("self-closer", selfClose.DomainName);
        Assert.Contains("'self-closer'", selfClose.Message);
        Assert.Equal(DomainState.Running, domain.State);
        Assert.Equal(2, await domain.CallAsync(() => 2).WaitAsync(Long));
    }

    [Fact]
    public async Task Closing_the_main_domain_throws_MainDomainCloseException()
    {
        var main = Runtime.Main;

        var error = Assert.Throws<MainDomainCloseException>(() => { _ = main.CloseAsync(); });
        Assert.Throws<MainDomainCloseException>(() => { _ = main.CloseAsync(CloseMode.Force); });

        Assert.True(main.IsMain);
        Assert.Equal(main.Name, error.DomainName);
        Assert.Equal(DomainState.Running, main.State);
        Assert.Equal(3, await main.CallAsync(() => 3).WaitAsync(Long));
    }

    [Fact]
    public async Task Closing_twice_returns_the_same_report()
    {
        var domain = Runtime.CreateDomain("twice");

        var first = domain.CloseAsync();
        var concurrent = domain.CloseAsync();
        var report = await first.WaitAsync(Long);
        var again = await domain.CloseAsync().WaitAsync(Long);
        var forcedAgain = await domain.CloseAsync(CloseMode.Force).WaitAsync(Long);

        Assert.Same(report, await concurrent.WaitAsync(Long));
        Assert.Same(report, again);
        Assert.Same(report, forcedAgain);
        Assert.Equal(CloseMode.Drain, report.Mode);
    }

    [Fact]
    public async Task A_drain_waits_for_a_running_async_call_to_finish_before_closing()
    {
        var domain = Runtime.CreateDomain("drain-waits");
        var (release, call) = await StartInFlightCallAsync(domain);

        var close = domain.CloseAsync(CloseMode.Drain, Long);
        await domain.RunRawAsync(() => { }, Long);
        Assert.False(close.IsCompleted);
        Assert.False(call.IsCompleted);

        release.SetResult(99);
        var report = await close.WaitAsync(Long);

        Assert.Equal(99, await call.WaitAsync(Long)); // it finished with its own result, not a failure
        Assert.Equal(0, report.FailedCalls);
        Assert.Equal(DomainState.Closed, domain.State);
    }

    [Fact]
    public async Task A_drain_that_times_out_leaves_the_domain_running_and_a_force_then_fails_the_call()
    {
        var domain = Runtime.CreateDomain("drain-times-out");
        var (_, call) = await StartInFlightCallAsync(domain);
        var drainTimeout = TimeSpan.FromMilliseconds(200);

        var timeout = await Assert.ThrowsAsync<DrainTimeoutException>(() => domain.CloseAsync(CloseMode.Drain, drainTimeout).WaitAsync(Long));

        Assert.Equal("drain-times-out", timeout.DomainName);
        var outstanding = Assert.Single(timeout.Outstanding);
        Assert.Equal("async call still running", outstanding.What);
        Assert.Contains("async call still running", timeout.Message);
        Assert.Contains("'drain-times-out'", timeout.Message);
        Assert.Equal(DomainState.Running, domain.State);
        Assert.Equal(4, await domain.CallAsync(() => 4).WaitAsync(Long));
        Assert.False(call.IsCompleted);

        var report = await domain.CloseAsync(CloseMode.Force).WaitAsync(Long);

        Assert.Equal(CloseMode.Force, report.Mode);
        Assert.Equal(1, report.FailedCalls);
        Assert.Equal(DomainState.Closed, domain.State);
        var failure = await Assert.ThrowsAsync<DomainClosedException>(() => call.WaitAsync(Long));
        Assert.Equal("drain-times-out", failure.DomainName);
    }

    [Fact]
    public async Task A_force_during_a_drain_closes_at_once_and_completes_both_close_tasks_with_its_report()
    {
        var domain = Runtime.CreateDomain("force-over-drain");
        var (_, call) = await StartInFlightCallAsync(domain);

        var drain = domain.CloseAsync(CloseMode.Drain, Long);
        var force = domain.CloseAsync(CloseMode.Force);
        var report = await force.WaitAsync(Long);

        Assert.Same(report, await drain.WaitAsync(Long));
        Assert.Equal(CloseMode.Force, report.Mode);
        Assert.Equal(DomainState.Closed, domain.State);
        await Assert.ThrowsAsync<DomainClosedException>(() => call.WaitAsync(Long));
    }

    [Fact]
    public async Task Work_queued_before_a_drain_close_still_runs()
    {
        var domain = Runtime.CreateDomain("drain-runs-queue");
        var ran = new List<int>();
        var blocker = await BlockAsync(domain);
        for (var i = 0; i < 50; i++)
        {
            var n = i;
            domain.Post(() => ran.Add(n));
        }
        var call = domain.CallAsync(() => ran.Count);

        var close = domain.CloseAsync(CloseMode.Drain, Long);
        blocker.Release();
        var report = await close.WaitAsync(Long);

        Assert.Equal(50, await call.WaitAsync(Long));
        Assert.Equal(Enumerable.Range(0, 50), ran); // the close completed after the domain's thread wrote it
        Assert.Equal(0, report.FailedCalls);
        Assert.Equal(52, domain.GetStats().PendingCallsRun);
    }

    [Fact]
    public async Task Work_queued_behind_a_forced_close_fails_with_DomainClosedException()
    {
        var domain = Runtime.CreateDomain("force-drops-queue");
        var blocker = await BlockAsync(domain);
        var ran = 0;
        var queued = Enumerable.Range(0, 20)
            .Select(_ => domain.CallAsync(() => Interlocked.Increment(ref ran)))
            .Concat(Enumerable.Range(0, 5).Select(_ => domain.CallAsync(async () =>
            {
                await Task.Yield();
                return Interlocked.Increment(ref ran);
            })))
            .ToArray();
        domain.Post(() => Interlocked.Increment(ref ran));

        var close = domain.CloseAsync(CloseMode.Force);
        blocker.Release();
        var report = await close.WaitAsync(Long);

        Assert.Equal(CloseMode.Force, report.Mode);
        foreach (var call in queued)
        {
            var error = await Assert.ThrowsAsync<DomainClosedException>(() => call.WaitAsync(Long));
            Assert.Equal("force-drops-queue", error.DomainName);
        }
        Assert.Equal(0, Volatile.Read(ref ran));
        Assert.Equal(DomainState.Closed, domain.State);
    }
}
