using ActorInterp.Actors.Tests.Support;
using ActorInterp.Domains;
using Xunit;

namespace ActorInterp.Actors.Tests.Actors;

/// <summary>Domain.IsRunning counts the messages the domain's actors handle.</summary>
public sealed class IsRunningTests : ActorTestKit
{
    [Fact]
    public async Task A_domain_is_running_while_one_of_its_actors_handles_a_message()
    {
        var domain = Runtime.CreateDomain("actor-busy");
        using var entered = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var timeout = Long;
        var actor = Place(domain, message =>
        {
            if (message is not "block") return "idle";
            entered.Set();
            return gate.Wait(timeout) ? "released" : "gate never opened";
        });

        actor.Tell("block");
        Assert.True(entered.Wait(Long));
        Assert.True(domain.IsRunning);
        gate.Set();
        ExpectMsg("released");
        // The reply leaves inside the handler: the handler's end is seen a moment later.
        await AwaitConditionAsync(() => Task.FromResult(!domain.IsRunning), Long);
    }

    [Fact]
    public void A_domain_asked_from_inside_its_actors_handler_is_running()
    {
        var domain = Runtime.CreateDomain("actor-inside");
        var actor = Place(domain, _ => Domain.Current == domain && domain.IsRunning ? "running" : "not running");

        actor.Tell("ask");
        actor.Tell("again");

        ExpectMsg("running");
        ExpectMsg("running");
    }
}
