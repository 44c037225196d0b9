using ActorInterp.Domains.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Domains.Tests.Calls;

public sealed class AwaitedCallTests(ITestOutputHelper output) : DomainTestKit(output: output)
{
    [Fact]
    public async Task Results_come_back_to_the_caller()
    {
        var domain = Runtime.CreateDomain("results");
        var counter = 0;

        Assert.Equal(42, await domain.CallAsync(() => 42).WaitAsync(Long));
        Assert.Equal("after await", await domain.CallAsync(async () =>
        {
            await Task.Yield();
            return "after await";
        }).WaitAsync(Long));
        await domain.RunAsync(() => { counter++; }).WaitAsync(Long);
        await domain.RunAsync(async () =>
        {
            await Task.Yield();
            counter++;
        }).WaitAsync(Long);

        Assert.Equal(2, counter);
    }

    [Fact]
    public async Task A_sync_call_exception_comes_back_to_the_caller_only_and_the_domain_keeps_running()
    {
        var domain = Runtime.CreateDomain("sync-throws");
        var reported = 0;
        Runtime.PendingCallFailed += (_, _) => Interlocked.Increment(ref reported);
        var thrown = new FormatException("not a number: 'x'");
        var thrownByRun = new ArgumentOutOfRangeException("index", "index must be positive");

        Func<int> failing = () => throw thrown;
        var caught = await Assert.ThrowsAsync<FormatException>(() => domain.CallAsync(failing).WaitAsync(Long));
        var caughtByRun = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => domain.RunAsync(() => throw thrownByRun).WaitAsync(Long));

        Assert.Same(thrown, caught);
        Assert.Equal("not a number: 'x'", caught.Message);
        Assert.Same(thrownByRun, caughtByRun);
        Assert.Equal(7, await domain.CallAsync(() => 7).WaitAsync(Long));
        Assert.Equal(DomainState.Running, domain.State);
        Assert.Equal(0, domain.GetStats().PendingCallFailures);
        Assert.Equal(0, Volatile.Read(ref reported));
    }

    [Fact]
    public async Task An_async_call_exception_after_an_await_comes_back_to_the_caller_only()
    {
        var domain = Runtime.CreateDomain("async-throws");
        var reported = 0;
        Runtime.PendingCallFailed += (_, _) => Interlocked.Increment(ref reported);
        var thrown = new KeyNotFoundException("no key 'k' in domain state");

        var caught = await Assert.ThrowsAsync<KeyNotFoundException>(() => domain.CallAsync<int>(async () =>
        {
            await Task.Yield();
            throw thrown;
        }).WaitAsync(Long));
        var caughtByRun = await Assert.ThrowsAsync<KeyNotFoundException>(() => domain.RunAsync(async () =>
        {
            await Task.Yield();
            throw thrown;
        }).WaitAsync(Long));

        Assert.Same(thrown, caught);
        Assert.Same(thrown, caughtByRun);
        Assert.Equal("still here", await domain.CallAsync(async () =>
        {
            await Task.Yield();
            return "still here";
        }).WaitAsync(Long));
        Assert.Equal(0, domain.GetStats().PendingCallFailures);
        Assert.Equal(0, Volatile.Read(ref reported));
    }

    [Fact]
    public async Task Awaits_inside_CallAsync_resume_on_the_domain_thread()
    {
        var domain = Runtime.CreateDomain("resume");
        var reachedAwait = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fromElsewhere = new TaskCompletionSource<int>(); // completes inline on the completing thread unless a context takes over

        var call = domain.CallAsync(async () =>
        {
            var start = Where.Here();
            await Task.Yield();
            var afterYield = Where.Here();
            reachedAwait.SetResult();
            var value = await fromElsewhere.Task;
            return (start, afterYield, afterTcs: Where.Here(), value);
        });
        await reachedAwait.Task.WaitAsync(Long);
        var completer = new Thread(() => fromElsewhere.SetResult(5));
        completer.Start();
        Assert.True(completer.Join(Long));
        var result = await call.WaitAsync(Long);

        var onDomain = new Where(domain.ThreadId, domain);
        Assert.Equal(onDomain, result.start);
        Assert.Equal(onDomain, result.afterYield);
        Assert.Equal(onDomain, result.afterTcs);
        Assert.Equal(5, result.value);
    }

    [Fact]
    public async Task Awaits_inside_RunAsync_resume_on_the_domain_thread()
    {
        var domain = Runtime.CreateDomain("resume-run");
        var reachedAwait = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fromElsewhere = new TaskCompletionSource();
        var seen = new List<Where>();

        var run = domain.RunAsync(async () =>
        {
            seen.Add(Where.Here());
            await Task.Yield();
            seen.Add(Where.Here());
            reachedAwait.SetResult();
            await fromElsewhere.Task;
            seen.Add(Where.Here());
            await Task.Yield();
            seen.Add(Where.Here());
        });
        await reachedAwait.Task.WaitAsync(Long);
        var completer = new Thread(() => fromElsewhere.SetResult());
        completer.Start();
        Assert.True(completer.Join(Long));
        await run.WaitAsync(Long);

        Assert.Equal(Enumerable.Repeat(new Where(domain.ThreadId, domain), 4), seen);
    }

    [Fact]
    public async Task Continuations_of_the_returned_task_do_not_run_on_the_domain_thread()
    {
        var domain = Runtime.CreateDomain("continuations");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var timeout = Long;

        // The continuations are attached before the calls complete, and ask to run synchronously: only the
        // domain's refusal to run foreign continuations inline keeps them off its thread.
#pragma warning disable AI0005 // the call blocks its domain on purpose, until the test opens the gate
        var syncCall = domain.CallAsync(() => gate.Task.Wait(timeout));
#pragma warning restore AI0005
        var asyncCall = domain.CallAsync(async () =>
        {
            await gate.Task;
            return true;
        });
        var afterSync = syncCall.ContinueWith(_ => Where.Here(), TaskContinuationOptions.ExecuteSynchronously);
        var afterAsync = asyncCall.ContinueWith(_ => Where.Here(), TaskContinuationOptions.ExecuteSynchronously);
        var awaited = AwaitWithoutContext(asyncCall);
        gate.SetResult();

        foreach (var where in await Task.WhenAll(afterSync, afterAsync, awaited).WaitAsync(Long))
        {
            Assert.NotEqual(domain.ThreadId, where.ThreadId);
            Assert.Null(where.Domain);
        }
        Assert.True(await syncCall);
        Assert.True(await asyncCall);

        static async Task<Where> AwaitWithoutContext(Task<bool> call)
        {
            await call.ConfigureAwait(false);
            return Where.Here();
        }
    }

    [Fact]
    public async Task Cancellation_inside_a_sync_call_becomes_a_canceled_task()
    {
        var domain = Runtime.CreateDomain("cancel-sync");
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var call = domain.CallAsync(() =>
        {
            cts.Token.ThrowIfCancellationRequested();
            return 1;
        });
        var run = domain.RunAsync(() => cts.Token.ThrowIfCancellationRequested());

        await AssertCanceledAsync(call, cts.Token);
        await AssertCanceledAsync(run, cts.Token);
        Assert.Equal(DomainState.Running, domain.State);
        Assert.Equal(0, domain.GetStats().PendingCallFailures);
        Assert.Equal(3, await domain.CallAsync(() => 3).WaitAsync(Long));
    }

    [Fact]
    public async Task Cancellation_inside_an_async_call_becomes_a_canceled_task()
    {
        var domain = Runtime.CreateDomain("cancel-async");
        using var cts = new CancellationTokenSource();
        var reachedAwait = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var call = domain.CallAsync(async () =>
        {
            reachedAwait.SetResult();
            await resume.Task;
            cts.Token.ThrowIfCancellationRequested();
            return 1;
        });
        var run = domain.RunAsync(async () =>
        {
            await resume.Task;
            cts.Token.ThrowIfCancellationRequested();
        });
        await reachedAwait.Task.WaitAsync(Long);
        cts.Cancel();
        resume.SetResult();

        await AssertCanceledAsync(call, cts.Token);
        await AssertCanceledAsync(run, cts.Token);
        Assert.Equal(0, domain.GetStats().PendingCallFailures);
        Assert.Equal(3, await domain.CallAsync(async () =>
        {
            await Task.Yield();
            return 3;
        }).WaitAsync(Long));
    }

    private async Task AssertCanceledAsync(Task task, CancellationToken token)
    {
        await Task.WhenAny(task).WaitAsync(Long);
        Assert.True(task.IsCanceled, $"expected a canceled task, got {task.Status}");
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Equal(token, ex.CancellationToken);
    }
}
