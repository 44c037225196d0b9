using System.Collections.Concurrent;
using ActorInterp.TestSupport;
using Akka.Dispatch;
using Xunit;

namespace ActorInterp.Domains.Tests.Threading;

public sealed class DomainThreadTests
{
    private static readonly TimeSpan Long = TestTime.Dilate(TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Runnables_from_four_callers_all_run_on_the_one_thread_in_each_callers_order()
    {
        const int callers = 4;
        const int each = 2_000;
        var thread = DomainThread.Start("test-order", ex => throw new InvalidOperationException("unexpected", ex));
        var ran = new ConcurrentQueue<(int Caller, int N, int ThreadId)>();
        var done = new CountdownEvent(callers * each);
        using var start = new Barrier(callers);
        var feeders = Enumerable.Range(0, callers).Select(c => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (var n = 0; n < each; n++)
            {
                var (caller, number) = (c, n);
                thread.Execute(new Runnable(() =>
                {
                    ran.Enqueue((caller, number, Environment.CurrentManagedThreadId));
                    done.Signal();
                }));
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(feeders).WaitAsync(Long);

        Assert.True(done.Wait(Long));
        Assert.Equal([thread.Thread.ManagedThreadId], ran.Select(r => r.ThreadId).Distinct());
        foreach (var group in ran.GroupBy(r => r.Caller))
            Assert.Equal(Enumerable.Range(0, each), group.Select(r => r.N));
        thread.Shutdown();
    }

    [Fact]
    public void Shutdown_runs_what_is_queued_then_the_thread_exits_and_refuses_more()
    {
        var thread = DomainThread.Start("test-shutdown", ex => throw new InvalidOperationException("unexpected", ex));
        using var gate = new ManualResetEventSlim();
        var ran = 0;
        thread.Execute(new Runnable(() => gate.Wait(Long)));
        for (var i = 0; i < 10; i++) thread.Execute(new Runnable(() => Interlocked.Increment(ref ran)));

        thread.Shutdown();
        Assert.Throws<RejectedExecutionException>(() => thread.Execute(new Runnable(() => { })));
        gate.Set();

        Assert.True(thread.Thread.Join(Long));
        Assert.Equal(10, Volatile.Read(ref ran));
        Assert.True(thread.HasExited);
    }

    [Fact]
    public void A_runnable_that_throws_is_reported_and_the_next_one_still_runs()
    {
        var failures = new ConcurrentQueue<Exception>();
        var thread = DomainThread.Start("test-failure", failures.Enqueue);
        using var after = new ManualResetEventSlim();

        thread.Execute(new Runnable(() => throw new InvalidDataException("boom")));
        thread.Execute(new Runnable(after.Set));

        Assert.True(after.Wait(Long));
        Assert.IsType<InvalidDataException>(Assert.Single(failures));
        thread.Shutdown();
    }

    [Fact]
    public void A_thread_taken_from_the_ready_threads_was_started_ahead_and_is_replaced_in_the_background()
    {
        using var ready = new ReadyThreads(2, "test-ready", Unexpected, Unexpected);
        Deadline.SpinUntil(() => ready.ReadyCount == 2, TimeSpan.FromSeconds(10), "both ready threads started");

        var taken = ready.Take();

        Assert.Equal("test-ready-1", taken.Thread.Name); // the first started, not one started for this Take
        Assert.True(taken.Thread.IsAlive);
        Deadline.SpinUntil(() => ready.ReadyCount == 2, TimeSpan.FromSeconds(10), "both ready threads started");
        taken.Shutdown();
        Assert.True(taken.Thread.Join(Long));
    }

    [Fact]
    public void Disposing_the_ready_threads_stops_them_and_later_takes_start_their_own()
    {
        var ready = new ReadyThreads(2, "test-dispose", Unexpected, Unexpected);
        Deadline.SpinUntil(() => ready.ReadyCount == 2, TimeSpan.FromSeconds(10), "both ready threads started");
        var first = ready.Take();
        Deadline.SpinUntil(() => ready.ReadyCount == 2, TimeSpan.FromSeconds(10), "both ready threads started");

        ready.Dispose();
        var late = ready.Take();

        Assert.Equal(0, ready.ReadyCount);
        Assert.True(late.Thread.IsAlive);
        Assert.NotSame(first.Thread, late.Thread);
        first.Shutdown();
        late.Shutdown();
        Assert.True(late.Thread.Join(Long));
    }

    private static void Unexpected(Exception ex) => throw new InvalidOperationException("unexpected failure", ex);

    private sealed class Runnable(Action action) : IRunnable
    {
        public void Run() => action();

        public void Execute() => action();
    }
}
