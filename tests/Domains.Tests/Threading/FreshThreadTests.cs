using ActorInterp.Domains.Tests.Support;
using ActorInterp.TestSupport;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Domains.Tests.Threading;

public sealed class FreshThreadTests(ITestOutputHelper output) : DomainTestKit(output: output)
{
    [ThreadStatic] private static string? t_leftBehind;
    [ThreadStatic] private static int t_ownerId;

    [Fact]
    public async Task A_ThreadStatic_set_in_a_closed_domain_is_not_seen_by_a_domain_created_after_it()
    {
        var first = Runtime.CreateDomain("first");
        await first.RunAsync(() => t_leftBehind = "first's").WaitAsync(Long);
        await first.CloseAsync().WaitAsync(Long);
        // The first domain's dispatcher is free again: the next domain takes it.
        await AwaitConditionAsync(() => Task.FromResult(Runtime.IdleDispatcherCount == 1), Long);

        var second = Runtime.CreateDomain("second");
        Assert.Equal(first.DispatcherId, second.DispatcherId);
        Assert.Null(await second.CallAsync(() => t_leftBehind).WaitAsync(Long));
    }

    [Fact]
    public async Task No_two_domains_ever_run_on_the_same_thread_across_drained_forced_and_crashed_closes()
    {
        const int cycles = 30;
        var threads = new List<Thread>();
        for (var i = 0; i < cycles; i++)
        {
            // Wait until the last domain's dispatcher is free, so that the new domain takes it.
            if (i > 0) await AwaitConditionAsync(() => Task.FromResult(Runtime.IdleDispatcherCount > 0), Long);
            var domain = Runtime.CreateDomain($"cycle-{i}");
            var (thread, earlierOwner) = await domain.CallAsync(() =>
            {
                var earlier = t_ownerId;
                t_ownerId = domain.Id;
                return (Thread.CurrentThread, earlier);
            }).WaitAsync(Long);
            Assert.Equal(0, earlierOwner);
            threads.Add(thread);
            await CloseAsync(domain, i % 3);
        }

        // Holding the Thread objects keeps their managed ids from being handed out again.
        Assert.Equal(cycles, threads.Distinct(ReferenceEqualityComparer.Instance).Count());
        Assert.Equal(cycles, threads.Select(t => t.ManagedThreadId).Distinct().Count());
    }

    [Fact]
    public async Task Domains_created_and_closed_from_four_threads_at_once_never_share_a_thread()
    {
        const int loops = 4;
        const int cycles = 12;
        var runs = Enumerable.Range(0, loops).Select(loop => Task.Run(async () =>
        {
            var seen = new List<(Thread Thread, int EarlierOwner)>();
            for (var i = 0; i < cycles; i++)
            {
                var domain = Runtime.CreateDomain($"loop-{loop}-{i}");
                seen.Add(await domain.CallAsync(() =>
                {
                    var earlier = t_ownerId;
                    t_ownerId = domain.Id;
                    return (Thread.CurrentThread, earlier);
                }).WaitAsync(Long));
                await domain.CloseAsync(i % 2 == 0 ? CloseMode.Drain : CloseMode.Force).WaitAsync(Long);
            }
            return seen;
        })).ToArray();
        var all = (await Task.WhenAll(runs).WaitAsync(Long * 2)).SelectMany(s => s).ToArray();

        Assert.All(all, s => Assert.Equal(0, s.EarlierOwner));
        Assert.Equal(loops * cycles, all.Select(s => s.Thread).Distinct(ReferenceEqualityComparer.Instance).Count());
    }

    [Fact]
    public async Task A_closed_domains_thread_exits()
    {
        var domain = Runtime.CreateDomain("short-lived");
        var thread = await domain.CallAsync(() => Thread.CurrentThread).WaitAsync(Long);
        await domain.CloseAsync().WaitAsync(Long);

        await AwaitConditionAsync(() => Task.FromResult(!thread.IsAlive), Long);
    }

    [Fact]
    public async Task A_guest_actor_keeps_its_domains_thread_after_the_domain_closes_and_the_thread_exits_when_it_stops()
    {
        var host = Runtime.CreateDomain("host");
        var hostThread = await host.CallAsync(() => Thread.CurrentThread).WaitAsync(Long);
        var guest = Sys.ActorOf(Props.Create<WhereActor>().WithDispatcher(host.GuestDispatcherId()));
        guest.Tell("where", TestActor);
        Assert.Equal(new Where(hostThread.ManagedThreadId, host), await ExpectMsgAsync<Where>(Long));

        await host.CloseAsync().WaitAsync(Long);
        var next = Runtime.CreateDomain("next");
        var nextThread = await next.CallAsync(() => Thread.CurrentThread).WaitAsync(Long);
        Assert.NotSame(hostThread, nextThread);
        Assert.NotEqual(host.DispatcherId, next.DispatcherId);

        // The guest still runs on the host's thread, where no domain is current once the host's actor has
        // stopped (a moment after the close completed).
        await AwaitAssertAsync(async () =>
        {
            guest.Tell("where", TestActor);
            var where = await ExpectMsgAsync<Where>(Long);
            Assert.Equal(hostThread.ManagedThreadId, where.ThreadId);
            Assert.Null(where.Domain);
        }, Long);
        Assert.True(hostThread.IsAlive);

        Assert.True(await guest.GracefulStop(Long));
        await AwaitConditionAsync(() => Task.FromResult(!hostThread.IsAlive), Long);
    }

    [Fact]
    public async Task The_runtime_starts_a_new_ready_thread_for_each_one_a_domain_takes()
    {
        await AwaitConditionAsync(() => Task.FromResult(Runtime.ReadyThreadCount == Runtime.Options.ReadyThreads), Long);
        var domains = Enumerable.Range(0, 3).Select(i => Runtime.CreateDomain($"quick-{i}")).ToArray();
        foreach (var domain in domains) await domain.RunAsync(() => { }).WaitAsync(Long);

        await AwaitConditionAsync(() => Task.FromResult(Runtime.ReadyThreadCount == Runtime.Options.ReadyThreads), Long);
    }

    private async Task CloseAsync(Domain domain, int how)
    {
        switch (how)
        {
            case 0:
                await domain.CloseAsync().WaitAsync(Long);
                break;
            case 1:
                await domain.CloseAsync(CloseMode.Force).WaitAsync(Long);
                break;
            default:
                // Akka's supervisor logs the failure, and the domain logs its crash.
                await EventFilter.Exception<DomainCrashedException>().ExpectAsync(2, async () =>
                {
                    domain.Crash();
                    await AwaitAssertAsync(() => Assert.Equal(DomainState.Closed, domain.State), Long);
                });
                break;
        }
    }
}
