using ActorInterp.Actors;
using ActorInterp.Cluster.Tests.Support;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Cluster.Tests.Actors;

/// <summary>Tells what a channel end it is given looks like on its node: remote or not, and the channel's id.</summary>
public sealed class EndReporter : ReceiveActor
{
    public EndReporter(IActorRef probe)
    {
        Receive<UseChannel>(use => probe.Tell(new SeenEnd("send", use.Sender.IsRemote, use.Sender.ChannelId)));
        Receive<UseReceiver>(use => probe.Tell(new SeenEnd("receive", use.Receiver.IsRemote, use.Receiver.ChannelId)));
    }
}

public sealed record SeenEnd(string End, bool IsRemote, Guid ChannelId);

public sealed class RemoteChannelIdTests : ClusterTestBase
{
    [Fact]
    public async Task Remote_ends_on_another_node_report_the_channel_s_id()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: 4, "named");
        var reporter = PlaceOn(a, b, "reporter", Props.Create(() => new EndReporter(TestActor)));

        reporter.Tell(new UseChannel(channel.Sender, 0));
        reporter.Tell(new UseReceiver(channel.Receiver));

        Assert.Equal(new SeenEnd("send", true, channel.Id), ExpectMsg<SeenEnd>(Long));
        Assert.Equal(new SeenEnd("receive", true, channel.Id), ExpectMsg<SeenEnd>(Long));
        // The channel lives on its own node: only that node's runtime lists it.
        Assert.Equal([channel.Id], a.Runtime.Channels.Select(c => c.Id));
        Assert.Empty(b.Runtime.Channels);
    }

    [Fact]
    public async Task A_remote_end_passed_on_to_a_third_node_keeps_the_channel_s_id()
    {
        var nodes = await StartClusterAsync(3);
        var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        var reporterOnC = PlaceOn(b, c, "reporter", Props.Create(() => new EndReporter(TestActor)));
        var relayOnB = PlaceOn(a, b, "relay", Props.Create(() => new Relay(reporterOnC)));

        // a -> b, where the ends are remote, then b -> c, where they are remote ends of the channel on a.
        relayOnB.Tell(new UseChannel(channel.Sender, 0));
        relayOnB.Tell(new UseReceiver(channel.Receiver));

        Assert.Equal(new SeenEnd("send", true, channel.Id), ExpectMsg<SeenEnd>(Long));
        Assert.Equal(new SeenEnd("receive", true, channel.Id), ExpectMsg<SeenEnd>(Long));
    }
}

/// <summary>Passes the channel ends it is given on to <c>target</c> (on another node).</summary>
public sealed class Relay : ReceiveActor
{
    public Relay(DomainActorRef target)
    {
        Receive<UseChannel>(use => target.Tell(use));
        Receive<UseReceiver>(use => target.Tell(use));
    }
}
