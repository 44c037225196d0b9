using ActorInterp.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Domains.Tests.Calls;

/// <summary>Domain.IsRunning, the counterpart of Python's Interpreter.is_running().</summary>
public sealed class IsRunningTests(ITestOutputHelper output) : DomainTestKit(output: output)
{
    [Fact]
    public async Task A_new_domain_is_not_running()
    {
        var domain = Runtime.CreateDomain("new");
        // Its first turn has run once a call came back; nothing is queued after it.
        await domain.RunAsync(() => { }).WaitAsync(Long);

        Assert.False(domain.IsRunning);
        Assert.Equal(DomainState.Running, domain.State);
    }

    [Fact]
    public async Task A_domain_is_not_running_once_the_task_of_its_call_has_completed()
    {
        var domain = Runtime.CreateDomain("idle-after");

        for (var i = 0; i < 50; i++)
        {
            await domain.RunAsync(() => { }).WaitAsync(Long);
            Assert.False(domain.IsRunning, $"after sync call {i}");
            Assert.Equal(i, await domain.CallAsync(() => i).WaitAsync(Long));
            Assert.False(domain.IsRunning, $"after sync call with a result {i}");
        }
    }

    [Fact]
    public async Task A_domain_is_not_running_once_the_task_of_its_async_call_has_completed()
    {
        var domain = Runtime.CreateDomain("idle-after-async");

        for (var i = 0; i < 50; i++)
        {
            // The body awaits, so its end is a continuation on the domain's thread: the caller must still find
            // the domain idle when the task completes.
            Assert.Equal(i, await domain.CallAsync(async () =>
            {
                await Task.Yield();
                return i;
            }).WaitAsync(Long));
            Assert.False(domain.IsRunning, $"after async call {i}");
        }
    }

    [Fact]
    public async Task A_domain_asked_from_inside_its_own_work_is_running()
    {
        var domain = Runtime.CreateDomain("inside");
        var fromPost = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        var fromCall = await domain.CallAsync(() => domain.IsRunning).WaitAsync(Long);
        var fromRun = false;
        await domain.RunAsync(() => { fromRun = domain.IsRunning; }).WaitAsync(Long);
        var afterAwait = await domain.CallAsync(async () =>
        {
            await Task.Yield();
            return Domain.Current == domain && domain.IsRunning;
        }).WaitAsync(Long);
        domain.Post(() => fromPost.SetResult(domain.IsRunning));

        Assert.True(fromCall);
        Assert.True(fromRun);
        Assert.True(afterAwait);
        Assert.True(await fromPost.Task.WaitAsync(Long));
    }

    [Fact]
    public async Task A_domain_is_running_while_a_call_holds_its_thread()
    {
        var domain = Runtime.CreateDomain("blocked-call");
        using var entered = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();

        var call = domain.RunAsync(() =>
        {
            entered.Set();
            if (!gate.Wait(Long)) throw new TimeoutException("The test never opened the gate.");
        });
        Assert.True(entered.Wait(Long));

        Assert.True(domain.IsRunning);
        gate.Set();
        await call.WaitAsync(Long);
        Assert.False(domain.IsRunning);
    }

    [Fact]
    public async Task A_domain_is_running_while_a_pending_call_holds_its_thread()
    {
        var domain = Runtime.CreateDomain("blocked-post");
        using var entered = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();

        domain.Post(() =>
        {
            entered.Set();
            gate.Wait(Long);
        });
        Assert.True(entered.Wait(Long));

        Assert.True(domain.IsRunning);
        gate.Set();
        // A pending call has no task: a call queued after it completes once it has returned.
        await domain.RunAsync(() => { }).WaitAsync(Long);
        Assert.False(domain.IsRunning);
    }

    [Fact]
    public async Task An_async_call_waiting_at_an_await_leaves_the_domain_not_running()
    {
        var domain = Runtime.CreateDomain("awaiting");
        var (release, call) = await StartInFlightCallAsync(domain);
        // Once a later call has run, the body has reached its await and given the thread back.
        await domain.RunAsync(() => { }).WaitAsync(Long);

        Assert.False(domain.IsRunning);
        release.SetResult(5);
        Assert.Equal(5, await call.WaitAsync(Long));
        Assert.False(domain.IsRunning);
    }

    [Fact]
    public async Task A_closing_domain_is_running_while_it_runs_work_queued_before_the_close()
    {
        var domain = Runtime.CreateDomain("closing");
        var blocker = await BlockAsync(domain);

        var close = domain.CloseAsync();
        Assert.Equal(DomainState.Closing, domain.State);
        Assert.True(domain.IsRunning);
        blocker.Release();
        await blocker.Run.WaitAsync(Long);
        await close.WaitAsync(Long);
        Assert.False(domain.IsRunning);
    }

    [Fact]
    public async Task A_closed_domain_answers_not_running_instead_of_throwing()
    {
        var domain = Runtime.CreateDomain("closed");
        await domain.RunAsync(() => { }).WaitAsync(Long);
        await domain.CloseAsync().WaitAsync(Long);

        // As State and Stats do: a closed domain's queries answer; only giving it work throws.
        Assert.Equal(DomainState.Closed, domain.State);
        Assert.False(domain.IsRunning);
        Assert.Throws<DomainClosedException>(() => domain.Post(() => { }));
    }

    [Fact]
    public async Task A_domain_that_crashed_after_a_call_answers_not_running()
    {
        var domain = Runtime.CreateDomain("crashed");
        var blocker = await BlockAsync(domain);

        // Akka's supervisor logs the failure, and the domain logs its crash.
        await EventFilter.Exception<DomainCrashedException>().ExpectAsync(2, async () =>
        {
            domain.Crash();
            Assert.True(domain.IsRunning);
            blocker.Release();
            await AwaitAssertAsync(() => Assert.Equal(DomainState.Closed, domain.State), Long);
        });

        Assert.False(domain.IsRunning);
    }
}
