using System.Collections.Concurrent;
using ActorInterp.TestSupport;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Domains.Tests.Locals;

public sealed class DomainLocalTests(ITestOutputHelper output) : DomainTestKit(output: output)
{
    [Fact]
    public async Task A_value_set_in_one_call_is_there_in_the_next_calls_to_the_same_domain()
    {
        var local = new DomainLocal<int>();
        var domain = Runtime.CreateDomain("keeps");

        await domain.RunAsync(() => local.Value = 41).WaitAsync(Long);
        domain.Post(() => local.Value++);
        var afterAwait = await domain.CallAsync(async () =>
        {
            await Task.Yield(); // resumes on the domain's thread
            return local.Value;
        }).WaitAsync(Long);

        Assert.Equal(42, afterAwait);
        Assert.True(await domain.CallAsync(() => local.HasValue).WaitAsync(Long));
    }

    [Fact]
    public async Task A_value_set_in_one_domain_is_invisible_to_another()
    {
        var local = new DomainLocal<string>();
        var a = Runtime.CreateDomain("a");
        var b = Runtime.CreateDomain("b");

        await a.RunAsync(() => local.Value = "a's").WaitAsync(Long);
        var inB = await b.CallAsync(() => (local.HasValue, local.TryGetValue(out var seen), seen, local.Value)).WaitAsync(Long);
        await b.RunAsync(() => local.Value = "b's").WaitAsync(Long);

        Assert.Equal((false, false, (string?)null, (string?)null), inB);
        Assert.Equal("a's", await a.CallAsync(() => local.Value).WaitAsync(Long));
        Assert.Equal("b's", await b.CallAsync(() => local.Value).WaitAsync(Long));
    }

    [Fact]
    public async Task The_initial_value_factory_runs_once_per_domain_at_its_first_read()
    {
        var made = new ConcurrentQueue<int>();
        var local = new DomainLocal<List<string>>(() =>
        {
            made.Enqueue(Domain.Current!.Id);
            return [];
        });
        var a = Runtime.CreateDomain("a");
        var b = Runtime.CreateDomain("b");

        Assert.False(await a.CallAsync(() => local.TryGetValue(out _) || local.HasValue).WaitAsync(Long));
        await a.RunAsync(() => local.Value.Add("one")).WaitAsync(Long);
        await a.RunAsync(() => local.Value.Add("two")).WaitAsync(Long);
        await b.RunAsync(() => local.Value.Add("three")).WaitAsync(Long);

        Assert.Equal(["one", "two"], await a.CallAsync(() => local.Value.ToArray()).WaitAsync(Long));
        Assert.Equal(["three"], await b.CallAsync(() => local.Value.ToArray()).WaitAsync(Long));
        Assert.Equal([a.Id, b.Id], made.ToArray());
    }

    [Fact]
    public async Task A_factory_that_throws_stores_nothing_and_runs_again_at_the_next_read()
    {
        var attempts = 0;
        var local = new DomainLocal<int>(() => ++attempts == 1 ? throw new InvalidDataException("not yet") : 7);
        var domain = Runtime.CreateDomain("retries");

        await Assert.ThrowsAsync<InvalidDataException>(() => domain.CallAsync(() => local.Value).WaitAsync(Long));
        Assert.False(await domain.CallAsync(() => local.HasValue).WaitAsync(Long));
        Assert.Equal(7, await domain.CallAsync(() => local.Value).WaitAsync(Long));
    }

    [Fact]
    public async Task A_factory_that_uses_its_own_local_throws_instead_of_recursing()
    {
        DomainLocal<int>? local = null;
        local = new DomainLocal<int>(() => local!.Value + 1);
        var domain = Runtime.CreateDomain("recursive");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => domain.CallAsync(() => local.Value).WaitAsync(Long));
        Assert.Contains("initial-value factory of DomainLocal<Int32>", error.Message);
    }

    [Fact]
    public void Using_a_local_outside_every_domain_throws_WrongDomainException()
    {
        var local = new DomainLocal<int>(() => 1);

        var read = Assert.Throws<WrongDomainException>(() => local.Value);
        Assert.Contains("outside every domain", read.Message);
        Assert.Contains("RunAsync", read.Message);
        Assert.Throws<WrongDomainException>(() => local.Value = 2);
        Assert.Throws<WrongDomainException>(() => local.HasValue);
        Assert.Throws<WrongDomainException>(() => local.TryGetValue(out _));
    }

    [Fact]
    public async Task A_guest_actor_of_the_domain_sees_the_domains_value()
    {
        var local = new DomainLocal<string>();
        var domain = Runtime.CreateDomain("host");
        await domain.RunAsync(() => local.Value = "host's").WaitAsync(Long);

        var guest = Sys.ActorOf(Props.Create(() => new LocalReader(local)).WithDispatcher(domain.GuestDispatcherId()));
        guest.Tell("read", TestActor);

        Assert.Equal("host's", await ExpectMsgAsync<string>(Long));
    }

    [Theory]
    [InlineData(CloseMode.Drain)]
    [InlineData(CloseMode.Force)]
    public async Task Values_are_disposed_newest_first_by_the_time_the_close_completes(CloseMode mode)
    {
        var disposed = new ConcurrentQueue<string>();
        var first = new DomainLocal<Resource>();
        var second = new DomainLocal<Resource>(() => new Resource("second", disposed));
        var plain = new DomainLocal<int>();
        var domain = Runtime.CreateDomain("closing");
        await domain.RunAsync(() =>
        {
            first.Value = new Resource("first", disposed);
            _ = second.Value;
            plain.Value = 3;
        }).WaitAsync(Long);
        var replaced = await domain.CallAsync(() =>
        {
            var old = first.Value;
            first.Value = new Resource("first again", disposed);
            return old;
        }).WaitAsync(Long);

        await domain.CloseAsync(mode).WaitAsync(Long);

        // The value that a set replaced is the caller's again: only the held values are disposed.
        Assert.Equal(["second", "first again"], disposed.ToArray());
        Assert.False(replaced.IsDisposed);
    }

    [Fact]
    public async Task Values_are_disposed_when_the_domain_crashes()
    {
        var disposed = new ConcurrentQueue<string>();
        var local = new DomainLocal<Resource>(() => new Resource("held", disposed));
        var domain = Runtime.CreateDomain("crashing");
        await domain.RunAsync(() => _ = local.Value).WaitAsync(Long);

        await EventFilter.Exception<DomainCrashedException>().ExpectAsync(2, async () =>
        {
            domain.Crash();
            await AwaitAssertAsync(() => Assert.Equal(DomainState.Closed, domain.State), Long);
        });

        Assert.Equal(["held"], disposed.ToArray());
    }

    [Fact]
    public async Task A_value_is_dropped_at_close_so_that_the_collector_can_reclaim_it()
    {
        var local = new DomainLocal<byte[]>();
        var domain = Runtime.CreateDomain("dropping");
        var weak = await domain.CallAsync(() =>
        {
            var value = new byte[1024];
            local.Value = value;
            return new WeakReference(value);
        }).WaitAsync(Long);
        await domain.CloseAsync().WaitAsync(Long);

        await AwaitConditionAsync(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return Task.FromResult(!weak.IsAlive);
        }, Long);
        GC.KeepAlive(local);
        GC.KeepAlive(domain);
    }

    [Fact]
    public async Task A_Dispose_that_throws_at_close_is_logged_and_the_other_values_are_still_disposed()
    {
        var disposed = new ConcurrentQueue<string>();
        var good = new DomainLocal<Resource>(() => new Resource("good", disposed));
        var bad = new DomainLocal<Resource>(() => new Resource("bad", disposed, fail: true));
        var domain = Runtime.CreateDomain("failing-dispose");
        await domain.RunAsync(() =>
        {
            _ = good.Value;
            _ = bad.Value;
        }).WaitAsync(Long);

        await EventFilter.Exception<InvalidDataException>(contains: "failing-dispose").ExpectOneAsync(async () =>
            await domain.CloseAsync().WaitAsync(Long));

        Assert.Equal(["bad", "good"], disposed.ToArray());
    }

    [Fact]
    public async Task An_async_only_disposable_value_has_its_disposal_started_at_close_and_a_late_failure_logged()
    {
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var value = new AsyncResource(finish.Task);
        var local = new DomainLocal<AsyncResource>();
        var domain = Runtime.CreateDomain("async-dispose");
        await domain.RunAsync(() => local.Value = value).WaitAsync(Long);

        await domain.CloseAsync().WaitAsync(Long);
        Assert.True(value.DisposeStarted); // started, not awaited: the close did not wait for it

        await EventFilter.Exception<InvalidDataException>(contains: "async-dispose").ExpectOneAsync(() =>
        {
            finish.SetException(new InvalidDataException("late failure"));
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task A_value_cannot_be_used_once_its_domain_has_closed()
    {
        var local = new DomainLocal<int>();
        var attempts = new ConcurrentQueue<Exception>();
        var probe = new DomainLocal<Resource>();
        var domain = Runtime.CreateDomain("gone");
        await domain.RunAsync(() =>
        {
            local.Value = 5;
            // Disposed at close, on the domain's thread, after the domain's values were dropped.
            probe.Value = new Resource("probe", new ConcurrentQueue<string>(), onDispose: () =>
            {
                try
                {
                    _ = local.Value;
                }
                catch (Exception ex)
                {
                    attempts.Enqueue(ex);
                }
            });
        }).WaitAsync(Long);

        await domain.CloseAsync().WaitAsync(Long);

        var error = Assert.IsType<DomainClosedException>(Assert.Single(attempts));
        Assert.Equal("gone", error.DomainName);
    }

    [Fact]
    public async Task A_domain_created_after_one_closed_starts_without_its_values()
    {
        var local = new DomainLocal<string>();
        var first = Runtime.CreateDomain("first");
        await first.RunAsync(() => local.Value = "first's").WaitAsync(Long);
        await first.CloseAsync().WaitAsync(Long);
        await AwaitConditionAsync(() => Task.FromResult(Runtime.IdleDispatcherCount == 1), Long);

        var second = Runtime.CreateDomain("second");
        Assert.False(await second.CallAsync(() => local.HasValue).WaitAsync(Long));
    }

    private sealed class LocalReader : ReceiveActor
    {
        public LocalReader(DomainLocal<string> local) => Receive<string>(_ => Sender.Tell(local.Value));
    }

    private sealed class AsyncResource(Task completion) : IAsyncDisposable
    {
        public bool DisposeStarted { get; private set; }

        public async ValueTask DisposeAsync()
        {
            DisposeStarted = true;
            await completion;
        }
    }

    private sealed class Resource(string name, ConcurrentQueue<string> disposed, bool fail = false, Action? onDispose = null) : IDisposable
    {
        public bool IsDisposed { get; private set; }

        public void Dispose()
        {
            IsDisposed = true;
            disposed.Enqueue(name);
            onDispose?.Invoke();
            if (fail) throw new InvalidDataException($"{name} failed to dispose");
        }
    }
}
