using ActorInterp.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Domains.Tests.Runtime;

public sealed class DispatcherReuseTests(ITestOutputHelper output) : DomainTestKit(output: output)
{
    [Fact]
    public async Task A_new_domain_takes_the_dispatcher_of_a_closed_one_with_a_new_thread_and_is_current_on_it()
    {
        var first = Runtime.CreateDomain("first");
        var firstThread = await first.CallAsync(() => Thread.CurrentThread).WaitAsync(Long);
        await first.CloseAsync().WaitAsync(Long);
        await AwaitConditionAsync(() => Task.FromResult(Runtime.IdleDispatcherCount == 1), Long);

        var second = Runtime.CreateDomain("second");
        Assert.Equal(first.DispatcherId, second.DispatcherId);
        var (current, firstSeen, thread) = await second.CallAsync(() => (Domain.Current, first.IsCurrent, Thread.CurrentThread)).WaitAsync(Long);
        Assert.Same(second, current);
        Assert.False(firstSeen);
        Assert.NotSame(firstThread, thread);
    }

    [Fact]
    public async Task A_dispatcher_that_had_guest_actors_is_never_handed_to_another_domain()
    {
        var host = Runtime.CreateDomain("host");
        var placed = host.GuestDispatcherId();
        await host.CloseAsync().WaitAsync(Long);
        var plain = Runtime.CreateDomain("plain");
        await plain.CloseAsync().WaitAsync(Long);
        await AwaitConditionAsync(() => Task.FromResult(Runtime.IdleDispatcherCount == 1), Long);

        var next = Runtime.CreateDomain("next");
        Assert.NotEqual(placed, next.DispatcherId);
        Assert.Equal(plain.DispatcherId, next.DispatcherId);
    }

    [Fact]
    public async Task A_domain_whose_actor_cannot_be_created_gives_its_dispatcher_back()
    {
        using var system = Akka.Actor.ActorSystem.Create("terminated");
        var runtime = new DomainRuntime(system);
        await system.Terminate().WaitAsync(Long);
        // The main domain's actor stopped with the system: its dispatcher is free.
        await AwaitConditionAsync(() => Task.FromResult(runtime.IdleDispatcherCount == 1), Long);

        var error = Assert.Throws<InvalidOperationException>(() => runtime.CreateDomain("too-late"));

        Assert.Contains("terminat", error.Message);
        Assert.Equal(1, runtime.IdleDispatcherCount);
        Assert.DoesNotContain(runtime.Domains, d => d.Name == "too-late");
        await runtime.DisposeAsync();
    }
}
