using ActorInterp.Actors;
using ActorInterp.Cluster.Tests.Actors;
using ActorInterp.Cluster.Tests.Support;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Cluster.Tests.Contracts;

/// <summary>
/// The channel contract with both ends remote: the channel lives on the first of two cluster nodes, and its
/// ends travel inside messages to domains on the second, where the sender and the receiver use them.
/// </summary>
public sealed class RemoteChannelContractTests : ChannelContract
{
    /// <summary>
    /// Twice the capacity: a remote send end is held back by its node's send window, which counts only items not
    /// yet confirmed. The channel's node confirms an item once it is in the channel, so the first
    /// <paramref name="capacity"/> items fill the channel and <paramref name="capacity"/> more wait unconfirmed
    /// (the channel's inlet holds the first of them, waiting for room).
    /// </summary>
    protected override int SendsUntilFull(int capacity) => 2 * capacity;

    /// <summary>False: a remote send returns once its item is handed to the exchange; FlushAsync waits for the channel's node to confirm them.</summary>
    protected override bool FlushCompletesAtOnce => false;

    /// <summary>
    /// False: nothing tells the sending node that the receive end was closed on the channel's node until that
    /// node refuses an item; the send of that item returns, and FlushAsync reports the refusal.
    /// </summary>
    protected override bool SendRefusedAtCallAfterReceiveClose => false;

    /// <summary>
    /// False: a remote receive end cannot tell whether an item is queued without a round trip to the channel's
    /// node, and a take called off before its answer came back would take the next item only to hand it back
    /// to the channel's outlet (where only remote receives see it). Given no time to wait, it asks for nothing
    /// and throws at once; TryReceive is the remote end's way to take an item only if one is queued.
    /// </summary>
    protected override bool ReceiveWithoutTimeToWaitTakesQueuedItem => false;

    /// <summary>
    /// False: a remote end holds nothing on its node, and <c>Release()</c> does nothing there; the channel's inlet
    /// and outlet hold the channel's own ends once they are used remotely, so the ends close only by <c>Close()</c>.
    /// </summary>
    protected override bool ReleaseClosesTheEnd => false;

    /// <summary>False: a remote receive end knows it is closed only when closed through itself; its receives learn it from the channel's node.</summary>
    protected override bool ReceiveEndKnowsClosesMadeElsewhere => false;

    /// <summary>A remote TryReceive takes what its node fetched ahead; it never waits for the channel's node.</summary>
    protected override bool TryReceiveSeesTheChannelAtOnce => false;

    protected override async Task<ChannelEnds> OpenAsync(int? capacity)
    {
        var (channelNode, usersNode) = await StartTwoNodesAsync();
        var channel = channelNode.Runtime.CreateChannel<Item>(capacity, ChannelName);
        var sender = Ship<ChannelSender<Item>>(channelNode, usersNode, new UseChannel(channel.Sender, 0));
        var receiver = Ship<ChannelReceiver<Item>>(channelNode, usersNode, new UseReceiver(channel.Receiver));
        Assert.True(sender.IsRemote);
        Assert.True(receiver.IsRemote);
        return new ChannelEnds(sender, receiver, usersNode.Runtime.CreateDomain("sender"), usersNode.Runtime.CreateDomain("receiver"), channel);
    }

    /// <summary>Sends <paramref name="message"/> (holding an end) to an actor on <paramref name="to"/>, which hands the end, as it arrived there, to the test.</summary>
    private TEnd Ship<TEnd>(TestNode from, TestNode to, object message)
    {
        var keeper = PlaceOn(from, to, $"keeper-{typeof(TEnd).Name.ToLowerInvariant().Replace('`', '-')}", Props.Create(() => new EndKeeper(TestActor)));
        keeper.Tell(message);
        return ExpectMsg<TEnd>(Long);
    }
}
