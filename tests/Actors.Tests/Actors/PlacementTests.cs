using ActorInterp.Actors.Tests.Support;
using ActorInterp.Domains;
using Akka.Actor;
using Akka.Routing;
using Xunit;

namespace ActorInterp.Actors.Tests.Actors;

public sealed class PlacementTests : ActorTestKit
{
    [Fact]
    public async Task An_actor_runs_on_its_domains_thread_and_sees_it_as_current()
    {
        var domain = Runtime.CreateDomain("placed");
        var actor = Place(domain, m => new Seen(Domain.Current?.Name ?? "none", Environment.CurrentManagedThreadId, m.GetType().Name));
        actor.Tell("hello");
        var seen = ExpectMsg<Seen>();
        Assert.Equal("placed", seen.Domain);
        Assert.Equal(domain.ThreadId, seen.ThreadId);
        Assert.Same(domain, actor.Domain);
        Assert.Equal(actor.ActorRef.Path, actor.Path);
        await Task.CompletedTask;
    }

    [Fact]
    public void Several_actors_of_one_domain_share_its_thread()
    {
        var domain = Runtime.CreateDomain("shared-thread");
        var first = Place(domain, _ => Environment.CurrentManagedThreadId);
        var second = Place(domain, _ => Environment.CurrentManagedThreadId);
        first.Tell(1);
        second.Tell(2);
        var threads = new[] { ExpectMsg<int>(), ExpectMsg<int>() };
        Assert.All(threads, t => Assert.Equal(domain.ThreadId, t));
    }

    [Fact]
    public async Task Closing_the_domain_stops_its_actors()
    {
        var domain = Runtime.CreateDomain("closing");
        var actor = Place(domain, _ => "ok");
        Watch(actor.ActorRef);
        await domain.CloseAsync().WaitAsync(Long);
        ExpectTerminated(actor.ActorRef);
    }

    [Fact]
    public async Task ActorOf_on_a_closed_domain_throws_DomainClosedException()
    {
        var domain = Runtime.CreateDomain("gone");
        await domain.CloseAsync().WaitAsync(Long);
        Assert.Throws<DomainClosedException>(() => domain.ActorOf(Props.Create(() => new FuncActor(_ => null, TestActor))));
    }

    [Fact]
    public void A_round_robin_pools_routees_run_on_the_domains_thread()
    {
        var domain = Runtime.CreateDomain("routed");
        var report = TestActor;
        var props = Props.Create(() => new FuncActor(_ => new Seen(Domain.Current!.Name, Environment.CurrentManagedThreadId, "routee", 0, 0), report))
            .WithRouter(new RoundRobinPool(3));
        var router = domain.ActorOf(props);
        for (var i = 0; i < 6; i++) router.Tell(i);
        for (var i = 0; i < 6; i++)
        {
            var seen = ExpectMsg<Seen>();
            Assert.Equal(domain.ThreadId, seen.ThreadId);
            Assert.Equal("routed", seen.Domain);
        }
    }

    [Fact]
    public void A_domain_actor_is_found_from_its_raw_reference()
    {
        var domain = Runtime.CreateDomain("lookup");
        var actor = Place(domain, _ => null);
        Assert.Same(actor, DomainActorRef.Of(Runtime, actor.ActorRef));
        Assert.Null(DomainActorRef.Of(Runtime, TestActor));
    }
}

public sealed class SharedSystemTests : Support.ActorTestKit
{
    [Fact]
    public async Task Two_runtimes_can_share_one_actor_system()
    {
        await using var second = new DomainRuntime(Sys);
        var domain = second.CreateDomain("second-runtime");
        var actor = domain.ActorOf(Props.Create(() => new Support.FuncActor(_ => Domain.Current!.Name, TestActor)));
        actor.Tell("hi");
        ExpectMsg("second-runtime");
    }
}
