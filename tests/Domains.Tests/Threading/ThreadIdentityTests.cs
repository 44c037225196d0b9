using ActorInterp.Domains.Tests.Support;
using ActorInterp.TestSupport;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Domains.Tests.Threading;

public sealed class ThreadIdentityTests(ITestOutputHelper output) : DomainTestKit(output: output)
{
    [Fact]
    public async Task Extra_actors_on_the_domain_dispatcher_run_on_the_domain_thread()
    {
        var domain = Runtime.CreateDomain("actors");
        await domain.RunAsync(() => { }).WaitAsync(Long);
        Assert.NotEqual(0, domain.ThreadId);

        var actors = Enumerable.Range(0, 3)
            .Select(_ => Sys.ActorOf(Props.Create<WhereActor>().WithDispatcher(domain.GuestDispatcherId())))
            .ToArray();
        foreach (var actor in actors)
        {
            actor.Tell("where", TestActor);
            var where = await ExpectMsgAsync<Where>(Long);
            Assert.Equal(domain.ThreadId, where.ThreadId);
            Assert.Same(domain, where.Domain);

            actor.Tell(1, TestActor);
            var (before, after) = await ExpectMsgAsync<(Where, Where)>(Long);
            Assert.Equal(new Where(domain.ThreadId, domain), before);
            Assert.Equal(new Where(domain.ThreadId, domain), after);
        }

        // The same actor on the default dispatcher is outside every domain: the check above is not vacuous.
        var outside = Sys.ActorOf(Props.Create<WhereActor>());
        outside.Tell("where", TestActor);
        var elsewhere = await ExpectMsgAsync<Where>(Long);
        Assert.NotEqual(domain.ThreadId, elsewhere.ThreadId);
        Assert.Null(elsewhere.Domain);

        foreach (var actor in actors.Append(outside)) Sys.Stop(actor);
    }

    [Fact]
    public async Task Post_RunAsync_and_CallAsync_bodies_run_on_the_domain_thread()
    {
        var domain = Runtime.CreateDomain("bodies");

        var posted = new TaskCompletionSource<Where>(TaskCreationOptions.RunContinuationsAsynchronously);
        domain.Post(() => posted.SetResult(Where.Here()));
        Where? ran = null;
        await domain.RunAsync(() => { ran = Where.Here(); }).WaitAsync(Long);
        Where? ranAsync = null;
        await domain.RunAsync(() => { ranAsync = Where.Here(); return Task.CompletedTask; }).WaitAsync(Long);
        var called = await domain.CallAsync(Where.Here).WaitAsync(Long);
        var calledAsync = await domain.CallAsync(() => Task.FromResult(Where.Here())).WaitAsync(Long);

        var expected = new Where(domain.ThreadId, domain);
        Assert.NotEqual(0, domain.ThreadId);
        Assert.Equal(expected, await posted.Task.WaitAsync(Long));
        Assert.Equal(expected, ran);
        Assert.Equal(expected, ranAsync);
        Assert.Equal(expected, called);
        Assert.Equal(expected, calledAsync);
        Assert.NotEqual(Environment.CurrentManagedThreadId, domain.ThreadId);
    }

    [Fact]
    public async Task Two_domains_run_on_two_different_threads()
    {
        var a = Runtime.CreateDomain("a");
        var b = Runtime.CreateDomain("b");

        var inA = await a.CallAsync(() => (Where.Here(), a.IsCurrent, b.IsCurrent)).WaitAsync(Long);
        var inB = await b.CallAsync(() => (Where.Here(), a.IsCurrent, b.IsCurrent)).WaitAsync(Long);

        Assert.NotEqual(a.ThreadId, b.ThreadId);
        Assert.Equal((new Where(a.ThreadId, a), true, false), inA);
        Assert.Equal((new Where(b.ThreadId, b), false, true), inB);
        var mainThread = await Runtime.Main.CallAsync(() => Environment.CurrentManagedThreadId).WaitAsync(Long);
        Assert.DoesNotContain(mainThread, new[] { a.ThreadId, b.ThreadId });
    }

    [Fact]
    public async Task Current_is_null_outside_every_domain()
    {
        var domain = Runtime.CreateDomain("outside");
        await domain.RunAsync(() => { }).WaitAsync(Long);

        Assert.Null(Domain.Current);
        Assert.False(domain.IsCurrent);
        Assert.Null(await Task.Run(() => Domain.Current).WaitAsync(Long));

        Domain? onOwnThread = domain;
        var plain = new Thread(() => onOwnThread = Domain.Current);
        plain.Start();
        Assert.True(plain.Join(Long));
        Assert.Null(onOwnThread);
    }

    [Fact]
    public async Task Leaving_the_domain_with_ConfigureAwait_false_leaves_Current_null()
    {
        var domain = Runtime.CreateDomain("leave");

        var (inside, outside) = await domain.CallAsync(async () =>
        {
            var here = Where.Here();
            await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            return (here, Where.Here());
        }).WaitAsync(Long);

        Assert.Equal(new Where(domain.ThreadId, domain), inside);
        Assert.NotEqual(domain.ThreadId, outside.ThreadId);
        Assert.Null(outside.Domain);
    }
}
