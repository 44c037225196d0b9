using ActorInterp.Actors;
using ActorInterp.Cluster;
using ActorInterp.Cluster.Tests.Support;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Cluster.Tests.Actors;

/// <summary>
/// How a channel's inlet and outlet settle what they cannot complete: each put and each remote receive is answered
/// with why, and those behind it go on.
/// </summary>
public sealed class RemoteChannelSettlementTests : ClusterTestBase
{
    private ChannelSender<Item> SenderOn(TestNode channelNode, TestNode on, ChannelSender<Item> local)
    {
        var keeper = PlaceOn(channelNode, on, "keeper", Props.Create(() => new EndKeeper(TestActor)));
        keeper.Tell(new UseChannel(local, 0));
        var remote = ExpectMsg<ChannelSender<Item>>(Long);
        Assert.True(remote.IsRemote);
        return remote;
    }

    private static Item Plain(int n) => new(n, $"plain {n}");

    // The inlet found the channel full, then its wait for room failed before it began (here: the item cannot be
    // marshalled on the channel's node; under load: the channel was closed between the two steps). The inlet
    // used to stay "waiting" for ever, so that every later put queued behind a wait that never started.
    [Fact]
    public async Task A_put_whose_wait_for_room_fails_at_once_is_answered_and_the_puts_behind_it_go_in()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: 1, name: "strict");
        var sender = SenderOn(a, b, channel.Sender);
        RuntimeActors.For(b.Runtime).CopyPolicy = CopyPolicy.Copy;   // node B copies an array that node A refuses
        await sender.SendAsync(Plain(1)).AsTask().WaitAsync(Long);
        await sender.FlushAsync().WaitAsync(Long);                   // 1 is in: the channel is full

        await sender.SendAsync(new Item(2, new[] { 2 })).AsTask().WaitAsync(Long);
        await sender.SendAsync(Plain(3)).AsTask().WaitAsync(Long);   // needs the answer to 2 (the window is 1)
        Assert.Equal(1, (await channel.Receiver.ReceiveAsync().AsTask().WaitAsync(Long)).N);   // room for 3

        var lost = await Assert.ThrowsAsync<InvalidOperationException>(() => sender.FlushAsync().WaitAsync(Long));
        Assert.Contains("1 item(s)", lost.Message);
        Assert.Contains("not shareable", lost.Message);
        Assert.Equal(3, (await channel.Receiver.ReceiveAsync().AsTask().WaitAsync(Long)).N);
        Assert.False(sender.IsClosed);
    }

    [Fact]
    public async Task A_put_the_channel_s_node_cannot_marshal_is_answered_as_lost_and_the_puts_behind_it_go_in()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: 4, name: "strict-with-room");
        var sender = SenderOn(a, b, channel.Sender);
        RuntimeActors.For(b.Runtime).CopyPolicy = CopyPolicy.Copy;

        await sender.SendAsync(new Item(1, new[] { 1 })).AsTask().WaitAsync(Long);
        await sender.SendAsync(Plain(2)).AsTask().WaitAsync(Long);

        var lost = await Assert.ThrowsAsync<InvalidOperationException>(() => sender.FlushAsync().WaitAsync(Long));
        Assert.Contains("not shareable", lost.Message);
        Assert.Equal(2, (await channel.Receiver.ReceiveAsync().AsTask().WaitAsync(Long)).N);
        Assert.Equal(0, channel.Count);
    }

    [Fact]
    public async Task A_remote_receive_of_an_item_whose_buffers_were_revoked_fails_with_why_instead_of_waiting()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: null, name: "revoked");
        var keeper = PlaceOn(a, b, "receiver-keeper", Props.Create(() => new EndKeeper(TestActor)));
        keeper.Tell(new UseReceiver(channel.Receiver));
        var receiver = ExpectMsg<ChannelReceiver<Item>>(Long);
        var owner = a.Runtime.CreateDomain("owner");
        await owner.RunAsync(async () =>
        {
            using var buffer = SharedBuffer.Allocate(10);
            await channel.Sender.SendAsync(new Item(1, new Blob("revoked", buffer)));
        });
        await channel.Sender.SendAsync(Plain(2));
        Assert.Equal(1, (await owner.CloseAsync(CloseMode.Force)).RevokedBorrows);   // the queued item's borrow

        var reader = b.Runtime.CreateDomain("reader");
        var failure = await Assert.ThrowsAsync<RemoteDeliveryException>(() => reader.CallAsync(async () => (await receiver.ReceiveAsync()).N).WaitAsync(Long));
        Assert.Contains("force-closed", failure.Message);
        Assert.Equal(2, await reader.CallAsync(async () => (await receiver.ReceiveAsync()).N).WaitAsync(Long));
    }
}
