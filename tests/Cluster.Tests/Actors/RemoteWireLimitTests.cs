using ActorInterp.Actors;
using ActorInterp.Cluster;
using ActorInterp.Cluster.Tests.Support;
using ActorInterp.Sharing;
using ActorInterp.TestSupport;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Cluster.Tests.Actors;

public sealed record SendBlobTo(DomainActorRef Target, int Length);

/// <summary>Sends a buffer of its own to a target as its sender, and passes on to the probe whatever failure comes back.</summary>
public sealed class BlobSender : ReceiveActor
{
    public BlobSender(IActorRef probe)
    {
        Receive<SendBlobTo>(send =>
        {
            using var buffer = SharedBuffer.Allocate(send.Length);
            send.Target.Tell(new Blob("from an actor", buffer));
            probe.Tell("sent");
        });
        Receive<Status.Failure>(failure => probe.Tell(failure.Cause));
    }
}

/// <summary>What the wire cannot carry is refused at the call, or reported to the sender, and every borrow comes back.</summary>
public sealed class RemoteWireLimitTests : ClusterTestBase
{
    private static readonly string LongName = new('x', 1100);

    [Fact]
    public async Task A_message_with_a_buffer_to_an_actor_whose_path_is_over_the_wire_s_limit_is_refused_at_the_Tell_and_its_borrow_comes_back()
    {
        var (a, b) = await StartTwoNodesAsync();
        var target = a.Runtime.CreateDomain("target").ActorOf(Props.Create(() => new Reporter(TestActor)), LongName);
        var remote = RemoteRef(b, a, target);
        var owner = b.Runtime.CreateDomain("owner");

        var refused = await owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(1000);
            return Assert.Throws<WireLimitException>(() => remote.Tell(new Blob("long path", buffer)));
        });
        Assert.Equal("target actor path", refused.Field);
        Assert.Equal(1024, refused.Limit);
        Assert.Contains("Nothing was sent", refused.Message);
        // Handed back at the call (the owner counts a return on its own thread, so the figure follows soon after).
        await AwaitEqualAsync(0L, () => owner.GetSharingStats().BorrowsOut, "borrows out at the sending node");

        // The plain message behind it neither waits for the refused one nor is lost with it.
        await owner.RunAsync(() => remote.Tell(new Greeting("after", 1)));
        ExpectMsg("target:after:1", Long);
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BuffersFreed, "buffers freed at the sending node");
        Assert.Equal(0, (await owner.CloseAsync()).RevokedBorrows);
    }

    [Fact]
    public async Task An_Ask_with_a_buffer_to_an_actor_whose_path_is_over_the_wire_s_limit_throws_at_the_call_and_its_borrow_comes_back()
    {
        var (a, b) = await StartTwoNodesAsync();
        var target = a.Runtime.CreateDomain("target").ActorOf(Props.Create(() => new Reporter(TestActor)), LongName);
        var remote = RemoteRef(b, a, target);
        var owner = b.Runtime.CreateDomain("owner");

        var refused = await owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(1000);
            return Assert.Throws<WireLimitException>(() => { _ = remote.Ask<Answer>(new Blob("long path", buffer), Long); });
        });
        Assert.Equal("target actor path", refused.Field);
        await AwaitEqualAsync(0L, () => owner.GetSharingStats().BorrowsOut, "borrows out at the asking node");
        Assert.Equal(new Answer(4), await owner.CallAsync(() => remote.Ask<Answer>(new Question(2), Long)));   // plain Asks still go
    }

    [Fact]
    public async Task A_message_from_a_sender_whose_path_is_over_the_wire_s_limit_or_with_a_body_over_it_is_refused_at_the_Tell()
    {
        var (a, b) = await StartTwoNodesAsync();
        var target = a.Runtime.CreateDomain("target").ActorOf(Props.Create(() => new Reporter(TestActor)), "target");
        var remote = RemoteRef(b, a, target);
        var owner = b.Runtime.CreateDomain("owner");
        var longSender = b.System.ActorOf(Props.Create(() => new BlobSender(TestActor)), LongName);

        var (senderRefused, bodyRefused) = await owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(1000);
            var bySender = Assert.Throws<WireLimitException>(() => remote.Tell(new Blob("long sender", buffer), longSender));
            var byBody = Assert.Throws<WireLimitException>(() => remote.Tell(new Blob(new string('b', 150_000), buffer)));
            return (bySender, byBody);
        });
        Assert.Equal("sender actor path", senderRefused.Field);
        Assert.Equal("body", bodyRefused.Field);
        Assert.Equal(100_000, bodyRefused.Limit);
        Assert.Contains("shared buffers", bodyRefused.Message);
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BuffersFreed, "buffers freed at the sending node");
        Assert.Equal(0L, owner.GetSharingStats().BorrowsOut);
        Assert.Equal(0L, b.Exchange.GetStats().TransfersStarted);   // nothing reached the exchange
    }

    [Fact]
    public async Task A_remote_channel_send_over_the_wire_s_limit_is_refused_at_the_call_uses_no_place_and_gives_its_borrow_back()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: 2, name: "limited");
        var keeper = PlaceOn(a, b, "keeper", Props.Create(() => new EndKeeper(TestActor)));
        keeper.Tell(new UseChannel(channel.Sender, 0));
        var sender = ExpectMsg<ChannelSender<Item>>(Long);
        var owner = b.Runtime.CreateDomain("owner");

        var refused = await owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(1000);
            return Assert.Throws<WireLimitException>(() => sender.TrySend(new Item(1, new Blob(new string('i', 150_000), buffer))));
        });
        Assert.Equal("body", refused.Field);
        Assert.Contains("Item cannot be sent", refused.Message);   // named by the item's type, not by the put carrying it
        await AwaitEqualAsync(0L, () => owner.GetSharingStats().BorrowsOut, "borrows out at the sending node");
        Assert.Equal(0L, sender.SendWindow!.Sent);

        await sender.SendAsync(new Item(2, "fits")).AsTask().WaitAsync(Long);
        await sender.FlushAsync().WaitAsync(Long);
        Assert.Equal(2, channel.Receiver.Receive(Long).N);
    }

    [Fact]
    public async Task A_remote_receive_of_an_item_that_cannot_travel_fails_with_why_instead_of_waiting_and_the_next_receive_goes_on()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: null, name: "big-items");
        var keeper = PlaceOn(a, b, "keeper", Props.Create(() => new EndKeeper(TestActor)));
        keeper.Tell(new UseReceiver(channel.Receiver));
        var receiver = ExpectMsg<ChannelReceiver<Item>>(Long);
        await channel.Sender.SendAsync(new Item(1, new string('i', 150_000)));   // fine locally, over the wire's limit for a body
        await channel.Sender.SendAsync(new Item(2, "fits"));

        var failure = await Assert.ThrowsAsync<RemoteDeliveryException>(() => receiver.ReceiveAsync().AsTask().WaitAsync(Long));
        Assert.Contains("cannot travel", failure.Message);
        Assert.Contains("the limit is 100,000", failure.Message);
        Assert.Equal(2, (await receiver.ReceiveAsync().AsTask().WaitAsync(Long)).N);
        Assert.Equal(0, channel.Count);
    }

    [Fact]
    public async Task A_Tell_whose_buffer_the_target_s_node_refuses_is_reported_to_the_sending_actor_and_later_plain_messages_keep_their_order()
    {
        var nodes = await StartClusterAsync(2, options: i => i == 0 ? new ClusterExchangeOptions { MaxIncomingLength = 1000 } : null);
        var (a, b) = (nodes[0], nodes[1]);
        var target = a.Runtime.CreateDomain("target").ActorOf(Props.Create(() => new Reporter(TestActor)), "target");
        var remote = RemoteRef(b, a, target);
        var senderDomain = b.Runtime.CreateDomain("sender");
        var sender = senderDomain.ActorOf(Props.Create(() => new BlobSender(TestActor)), "blob-sender");

        sender.Tell(new SendBlobTo(remote, 5_000));   // over node A's limit of 1,000 bytes: accepted here, refused there
        ExpectMsg("sent", Long);
        await senderDomain.RunAsync(() => remote.Tell(new Greeting("behind", 2)));   // follows it through the exchange

        // The report (node A's answer, back through node B) and the message behind (delivered on node A) reach the
        // probe by different ways, in either order; what counts is that both come.
        var got = new[] { ReceiveOne(Long), ReceiveOne(Long) };
        var report = Assert.Single(got.OfType<RemoteDeliveryException>());
        Assert.Contains("refused the transfer", report.Message);
        Assert.EndsWith("/user/target", report.Target);
        Assert.Contains("target:behind:2", got);       // not lost with the refused one
        await AwaitEqualAsync(0L, () => senderDomain.GetSharingStats().BorrowsOut, "borrows out at the sending node");
        await senderDomain.RunAsync(() => remote.Tell(new Greeting("plain again", 3)));
        ExpectMsg("target:plain again:3", Long);
    }

    [Fact]
    public async Task An_Ask_whose_buffer_the_target_s_node_refuses_fails_at_once_not_at_its_timeout()
    {
        var nodes = await StartClusterAsync(2, options: i => i == 0 ? new ClusterExchangeOptions { MaxIncomingLength = 1000 } : null);
        var (a, b) = (nodes[0], nodes[1]);
        var target = a.Runtime.CreateDomain("target").ActorOf(Props.Create(() => new Reporter(TestActor)), "target");
        var remote = RemoteRef(b, a, target);
        var owner = b.Runtime.CreateDomain("owner");

        var (ask, _) = await owner.PeekAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(5_000);
            return (remote.Ask<Answer>(new Blob("too big there", buffer), TimeSpan.FromMinutes(10)), 0);   // the task, not its answer
        });
        var failure = await Assert.ThrowsAsync<RemoteDeliveryException>(() => ask.WaitAsync(Long));
        Assert.Contains("refused the transfer", failure.Message);
        await AwaitEqualAsync(0L, () => owner.GetSharingStats().BorrowsOut, "borrows out at the asking node");
    }
}
