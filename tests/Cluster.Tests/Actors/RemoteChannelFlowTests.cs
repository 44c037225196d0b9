using ActorInterp.Actors;
using ActorInterp.Cluster;
using ActorInterp.Cluster.Tests.Support;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using ActorInterp.TestSupport;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Cluster.Tests.Actors;

/// <summary>Hands the channel end it is given (a remote end on its node) to the probe, as the object itself.</summary>
public sealed class EndKeeper : ReceiveActor
{
    public EndKeeper(IActorRef probe)
    {
        Receive<UseChannel>(use => probe.Tell(use.Sender));
        Receive<UseReceiver>(use => probe.Tell(use.Receiver));
    }
}

/// <summary>Flow control and answers of remote send ends: the send window, FlushAsync, closing, node loss.</summary>
public sealed class RemoteChannelFlowTests : ClusterTestBase
{
    private int _keepers;

    /// <summary>A remote send end on node <paramref name="on"/> of a channel on node <paramref name="channelNode"/>, made by sending the end there.</summary>
    private ChannelSender<Item> SenderOn(TestNode channelNode, TestNode on, ChannelSender<Item> local)
    {
        var keeper = PlaceOn(channelNode, on, $"keeper-{++_keepers}", Props.Create(() => new EndKeeper(TestActor)));
        keeper.Tell(new UseChannel(local, 0));
        var remote = ExpectMsg<ChannelSender<Item>>(Long);
        Assert.True(remote.IsRemote);
        return remote;
    }

    private ChannelReceiver<Item> ReceiverOn(TestNode channelNode, TestNode on, ChannelReceiver<Item> local)
    {
        var keeper = PlaceOn(channelNode, on, $"keeper-{++_keepers}", Props.Create(() => new EndKeeper(TestActor)));
        keeper.Tell(new UseReceiver(local));
        var remote = ExpectMsg<ChannelReceiver<Item>>(Long);
        Assert.True(remote.IsRemote);
        return remote;
    }

    private static Item Plain(int n) => new(n, $"plain {n}");

    /// <summary>Where <paramref name="receiver"/>, a remote receive end on node <paramref name="on"/>, asks for items: its channel's outlet.</summary>
    private static RemoteChannelSource OutletFor(TestNode on, ChannelReceiver<Item> receiver)
    {
        var surrogate = (ChannelReceiverSurrogate<Item>)receiver.ToSurrogate(on.System);
        return new RemoteChannelSource((DomainActorRef)surrogate.Outlet.FromSurrogate(on.System), receiver.Name, receiver.ChannelId);
    }

    /// <summary>
    /// Sends a take to <paramref name="outlet"/> from the calling domain and calls it off at once: the outlet takes
    /// the next item for a receive that no longer waits. (A remote receive end sends no take that is called off
    /// before it starts; this is the race of a receive cancelled while its item is on the way, made certain.)
    /// </summary>
    private static Task<object> CalledOffTakeAsync(RemoteChannelSource outlet) =>
        outlet.RequestAsync(ChannelRequestKind.Take, false, Domain.Current, new CancellationToken(canceled: true));

    private async Task<int[]> ReceiveAllQueuedAsync(DomainChannel<Item> channel, int count)
    {
        var got = new int[count];
        for (var i = 0; i < count; i++) got[i] = (await channel.Receiver.ReceiveAsync().AsTask().WaitAsync(Long)).N;
        return got;
    }

    [Fact]
    public async Task A_remote_sender_waits_for_credit_while_the_bounded_channel_is_full_and_goes_on_when_the_receiver_takes_items()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: 4, name: "bounded");
        var sender = SenderOn(a, b, channel.Sender);
        var other = SenderOn(a, b, channel.Sender);   // a second remote end of the same channel on the same node
        Assert.NotSame(sender, other);
        var window = sender.SendWindow!;
        Assert.Same(window, other.SendWindow);

        Assert.Throws<NotShareableException>(() => sender.TrySend(new Item(0, new MemoryStream())));
        Assert.Equal(0L, window.Sent);                // refused at the call: no place in the window used

        // Four go into the channel; four more may be out unconfirmed (the inlet holds the fifth, waiting for room).
        for (var i = 1; i <= 8; i++) await sender.SendAsync(Plain(i)).AsTask().WaitAsync(Long);
        Assert.Equal(4, channel.Count);
        Assert.Equal(4L, window.Unconfirmed);         // 1..4 answered (they are in the channel), 5..8 not: it is full

        var ninth = sender.SendAsync(Plain(9)).AsTask();
        Assert.False(ninth.IsCompleted);              // no credit: it waits
        Assert.False(sender.TrySend(Plain(-1)));      // nothing sent
        Assert.False(other.TrySend(Plain(-2)));       // the window is the node's, shared by its remote ends
        Assert.Throws<TimeoutException>(() => sender.Send(Plain(-3), TimeSpan.FromMilliseconds(100)));
        Assert.False(ninth.IsCompleted);
        Assert.Equal(8L, window.Sent);

        Assert.True(channel.Receiver.TryReceive(out var first));   // room: the inlet puts the fifth in and answers
        Assert.Equal(1, first.N);
        await ninth.WaitAsync(Long);

        Assert.Equal(new[] { 2, 3, 4, 5, 6, 7, 8, 9 }, await ReceiveAllQueuedAsync(channel, 8));
        await sender.FlushAsync().WaitAsync(Long);    // every item sent from this node is in
        Assert.Equal(0L, window.Unconfirmed);
        Assert.False(channel.Receiver.TryReceive(out _));   // the refused and timed-out items never went out
    }

    [Fact]
    public async Task A_cancelled_remote_send_throws_OperationCanceledException_and_its_item_never_arrives()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: 2);
        var sender = SenderOn(a, b, channel.Sender);
        for (var i = 1; i <= 4; i++) await sender.SendAsync(Plain(i)).AsTask().WaitAsync(Long);
        Assert.Equal(2L, sender.SendWindow!.Unconfirmed);

        using var cancel = new CancellationTokenSource();
        var fifth = sender.SendAsync(Plain(5), cancel.Token).AsTask();
        Assert.False(fifth.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fifth.WaitAsync(Long));

        Assert.Equal(new[] { 1, 2, 3, 4 }, await ReceiveAllQueuedAsync(channel, 4));
        await sender.SendAsync(Plain(6)).AsTask().WaitAsync(Long);
        Assert.Equal(new[] { 6 }, await ReceiveAllQueuedAsync(channel, 1));   // 6 follows 4: 5 was never sent
        await sender.FlushAsync().WaitAsync(Long);
        Assert.Equal(5L, sender.SendWindow!.Sent);
        Assert.False(channel.Receiver.TryReceive(out _));
    }

    [Fact]
    public async Task A_remote_sender_learns_that_the_receive_end_was_closed_with_force_on_the_channel_s_node()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: 2, name: "forced");
        var sender = SenderOn(a, b, channel.Sender);
        for (var i = 1; i <= 4; i++) await sender.SendAsync(Plain(i)).AsTask().WaitAsync(Long);
        var fifth = sender.SendAsync(Plain(5)).AsTask();   // waits for credit
        var flush = sender.FlushAsync();                   // waits for the answers to 3 and 4
        Assert.False(fifth.IsCompleted);
        Assert.False(flush.IsCompleted);
        Assert.False(sender.IsClosed);

        channel.Receiver.Close(force: true);   // drops 1 and 2; the inlet's put of 3 fails, and 4 is refused

        await Assert.ThrowsAsync<DomainChannelClosedException>(() => fifth.WaitAsync(Long));
        var refused = await Assert.ThrowsAsync<DomainChannelClosedException>(() => flush.WaitAsync(Long));
        Assert.Contains("refused 2 item(s)", refused.Message);
        Assert.Contains("receive end is closed", refused.Message);
        Assert.Equal("forced", refused.ChannelName);
        Assert.True(sender.IsClosed);
        await Assert.ThrowsAsync<DomainChannelClosedException>(async () => await sender.SendAsync(Plain(6)));
        Assert.Throws<DomainChannelClosedException>(() => sender.TrySend(Plain(7)));
        Assert.Equal(4L, sender.SendWindow!.Sent);   // 5, 6 and 7 never went out
    }

    [Fact]
    public async Task A_remote_sender_learns_that_the_send_end_was_closed_on_the_channel_s_node_from_the_refused_item()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        var sender = SenderOn(a, b, channel.Sender);
        await sender.SendAsync(Plain(1)).AsTask().WaitAsync(Long);
        await sender.FlushAsync().WaitAsync(Long);
        Assert.Equal(1, channel.Count);        // a flushed item is in the channel

        channel.Sender.Close();
        Assert.False(sender.IsClosed);         // nothing told this node yet
        await sender.SendAsync(Plain(2)).AsTask().WaitAsync(Long);   // goes out, and is refused there

        var refused = await Assert.ThrowsAsync<DomainChannelClosedException>(() => sender.FlushAsync().WaitAsync(Long));
        Assert.Contains("refused 1 item(s)", refused.Message);
        Assert.Contains("send end is closed", refused.Message);
        Assert.True(sender.IsClosed);
        await Assert.ThrowsAsync<DomainChannelClosedException>(async () => await sender.SendAsync(Plain(3)));
        Assert.True(SenderOn(a, b, channel.Sender).IsClosed);   // another remote end on the node knows it too

        Assert.Equal(1, channel.Receiver.Receive(Long).N);
        Assert.Throws<DomainChannelClosedException>(() => channel.Receiver.TryReceive(out _));   // closed and empty: 2 never went in
    }

    [Fact]
    public async Task A_close_through_a_remote_send_end_closes_every_remote_end_of_the_node_and_flushes_clean()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: 3);
        var sender = SenderOn(a, b, channel.Sender);
        var other = SenderOn(a, b, channel.Sender);
        for (var i = 1; i <= 3; i++) await sender.SendAsync(Plain(i)).AsTask().WaitAsync(Long);

        sender.Close();
        Assert.True(sender.IsClosed);
        Assert.True(other.IsClosed);
        var closed = await Assert.ThrowsAsync<DomainChannelClosedException>(async () => await other.SendAsync(Plain(4)));
        Assert.Contains("closed through a remote send end", closed.Message);
        await other.FlushAsync().WaitAsync(Long);   // nothing was refused: every item sent is in
        Assert.Equal(3, channel.Count);
        await AwaitEqualAsync(true, () => channel.Sender.IsClosed, "the channel's send end, closed behind the items");
    }

    [Fact]
    public async Task A_close_sent_while_items_wait_for_room_takes_effect_behind_them()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: 2);
        var sender = SenderOn(a, b, channel.Sender);
        var delivered = a.Exchange.GetStats().DeliveriesReceived;
        for (var i = 1; i <= 4; i++) await sender.SendAsync(Plain(i)).AsTask().WaitAsync(Long);   // 1, 2 in; 3 waits at the inlet, 4 behind it

        sender.Close();
        await AwaitEqualAsync(delivered + 5, () => a.Exchange.GetStats().DeliveriesReceived, "the four items and the close, delivered to the inlet");
        Assert.False(channel.Sender.IsClosed);   // the items ahead of it still wait for room

        Assert.Equal(new[] { 1, 2, 3, 4 }, await ReceiveAllQueuedAsync(channel, 4));   // the waiting items went in first
        await AwaitEqualAsync(true, () => channel.Sender.IsClosed, "the channel's send end, closed behind the items");
        await sender.FlushAsync().WaitAsync(Long);
        await Assert.ThrowsAsync<DomainChannelClosedException>(() => channel.Receiver.ReceiveAsync().AsTask().WaitAsync(Long));
    }

    [Fact]
    public async Task An_item_whose_buffer_the_channel_s_node_refuses_is_reported_lost_by_FlushAsync_and_frees_its_place()
    {
        var nodes = await StartClusterAsync(2, options: i => i == 0 ? new ClusterExchangeOptions { MaxIncomingLength = 1_000 } : null);
        var (a, b) = (nodes[0], nodes[1]);
        var channel = a.Runtime.CreateChannel<Item>(capacity: 1);
        var sender = SenderOn(a, b, channel.Sender);
        var producer = b.Runtime.CreateDomain("producer");

        // The last item sent is the one dropped: no later answer can reveal the gap, the drop notice must.
        var lost = await producer.PeekAsync(async () =>
        {
            using var buffer = SharedBuffer.Allocate(2_000);   // over the channel node's limit for incoming buffers
            await sender.SendAsync(new Item(1, buffer));
            return await Assert.ThrowsAsync<InvalidOperationException>(() => sender.FlushAsync());
        }).WaitAsync(Long);

        Assert.Contains("dropped", lost.Message);
        Assert.Equal(0L, sender.SendWindow!.Unconfirmed);   // its place in the window is free again
        await AwaitEqualAsync(1L, () => producer.GetSharingStats().BuffersFreed, "the refused buffer, back with its owner");
        await producer.RunAsync(async () => await sender.SendAsync(Plain(2))).WaitAsync(Long);
        Assert.Equal(new[] { 2 }, await ReceiveAllQueuedAsync(channel, 1));
        Assert.False(sender.IsClosed);
    }

    [Fact]
    public async Task An_item_taken_for_a_remote_receive_that_stopped_waiting_goes_to_the_next_remote_receive()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: 4);
        var receiver = ReceiverOn(a, b, channel.Receiver);
        var producer = a.Runtime.CreateDomain("producer");
        var consumer = b.Runtime.CreateDomain("consumer");
        await producer.RunAsync(async () =>
        {
            using var buffer = SharedBuffer.Allocate(3_000);
            buffer.Span.Fill(5);
            await channel.Sender.SendAsync(new Item(1, buffer));
        });

        // A take called off as soon as it is sent still reaches the outlet, which takes the queued item for a
        // receive that no longer waits (as when a receive is cancelled or times out while its item is on the way).
        var outlet = OutletFor(b, receiver);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consumer.PeekAsync(() => CalledOffTakeAsync(outlet)).WaitAsync(Long));
        await AwaitEqualAsync(0, () => channel.Count, "the item, taken from the channel");

        var again = await consumer.PeekAsync(async () =>
        {
            var item = await receiver.ReceiveAsync();
            using var proxy = (BufferProxy)item.Data!;
            return (item.N, proxy.Length, proxy.Span[0], proxy.Holder.Name);
        }).WaitAsync(Long);

        Assert.Equal((1, 3_000, (byte)5, "consumer"), again);   // it came back and went to the next remote receive

        // A receive already waiting at the outlet when an item comes back gets it at once.
        Assert.True(channel.Sender.TrySend(Plain(2)));
        var (first, second) = await consumer.PeekAsync(() =>
            (CalledOffTakeAsync(outlet), receiver.ReceiveAsync().AsTask()));   // in this order at the outlet
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(Long));
        Assert.Equal(2, (await second.WaitAsync(Long)).N);
        Assert.Equal(0, a.Runtime.GetActorStats().ChannelItemsDropped + b.Runtime.GetActorStats().ChannelItemsDropped);
        await AwaitEqualAsync(1L, () => producer.GetSharingStats().BuffersFreed, "the item's buffer, freed once the receiver let go");
    }

    [Fact]
    public async Task An_item_with_buffers_received_outside_every_domain_is_refused_and_kept_for_a_domain()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: 4);
        var receiver = ReceiverOn(a, b, channel.Receiver);
        var producer = a.Runtime.CreateDomain("producer");
        await producer.RunAsync(async () =>
        {
            using var buffer = SharedBuffer.Allocate(100);
            await channel.Sender.SendAsync(new Item(7, buffer));
        });

        await Assert.ThrowsAsync<NotShareableException>(() => receiver.ReceiveAsync().AsTask().WaitAsync(Long));   // no domain to lend it to

        var got = await b.Runtime.CreateDomain("consumer").PeekAsync(async () =>
        {
            var item = await receiver.ReceiveAsync();
            using var proxy = (BufferProxy)item.Data!;
            return (item.N, proxy.Length);
        }).WaitAsync(Long);
        Assert.Equal((7, 100), got);
        Assert.Equal(0, a.Runtime.GetActorStats().ChannelItemsDropped + b.Runtime.GetActorStats().ChannelItemsDropped);
    }

    [Fact]
    public async Task FlushAsync_completes_once_every_item_with_its_buffers_is_in_the_channel()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        Assert.True(channel.Sender.FlushAsync().IsCompletedSuccessfully);   // a local send end: at once
        var sender = SenderOn(a, b, channel.Sender);
        var producer = b.Runtime.CreateDomain("producer");
        const int count = 12;

        await producer.RunAsync(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                if (i % 2 != 0)
                {
                    await sender.SendAsync(Plain(i));
                    continue;
                }
                using var buffer = SharedBuffer.Allocate(500 + i);
                buffer.Span.Fill((byte)i);
                await sender.SendAsync(new Item(i, buffer));
            }
            await sender.FlushAsync();
        }).WaitAsync(Long);

        Assert.Equal(count, channel.Count);    // the answers came after the items were in
        Assert.Equal(0L, sender.SendWindow!.Unconfirmed);
        var got = await a.Runtime.CreateDomain("consumer").PeekAsync(() =>
        {
            var list = new List<string>();
            while (channel.Receiver.TryReceive(out var item))
            {
                if (item.Data is BufferProxy proxy)
                {
                    list.Add($"{item.N}:{proxy.Length}:{proxy.Span[0]}");
                    proxy.Dispose();
                }
                else list.Add($"{item.N}:{item.Data}");
            }
            return list;
        });
        Assert.Equal(Enumerable.Range(0, count).Select(i => i % 2 == 0 ? $"{i}:{500 + i}:{i}" : $"{i}:plain {i}"), got);
        await AwaitEqualAsync(6L, () => producer.GetSharingStats().BuffersFreed, "the producer's buffers freed");
    }

    [Fact]
    public async Task When_the_channel_s_node_goes_waiting_remote_sends_flushes_and_receives_fail_with_ChannelClosedException()
    {
        var (a, b) = await StartTwoNodesAsync(fastFailure: true);
        var channel = b.Runtime.CreateChannel<Item>(capacity: 2, name: "lost");
        var empty = b.Runtime.CreateChannel<Item>(capacity: null, name: "empty");
        var sender = SenderOn(b, a, channel.Sender);
        var receiver = ReceiverOn(b, a, empty.Receiver);
        for (var i = 1; i <= 4; i++) await sender.SendAsync(Plain(i)).AsTask().WaitAsync(Long);
        Assert.Equal(2L, sender.SendWindow!.Unconfirmed);   // 3 and 4: the channel is full
        var waiting = sender.SendAsync(Plain(5)).AsTask();
        var flush = sender.FlushAsync();
        var receiving = receiver.ReceiveAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.False(flush.IsCompleted);

        await b.KillAsync();   // no leave: the split brain resolver downs it once it is unreachable

        var send = await Assert.ThrowsAsync<DomainChannelClosedException>(() => waiting.WaitAsync(Long));
        Assert.Contains($"node {b.Address} left the cluster; 2 item(s)", send.Message);
        var flushed = await Assert.ThrowsAsync<DomainChannelClosedException>(() => flush.WaitAsync(Long));
        Assert.Contains("left the cluster", flushed.Message);
        var received = await Assert.ThrowsAsync<DomainChannelClosedException>(() => receiving.WaitAsync(Long));
        Assert.Contains($"{b.Address} left the cluster", received.Message);
        Assert.Equal("empty", received.ChannelName);

        Assert.True(sender.IsClosed);
        await Assert.ThrowsAsync<DomainChannelClosedException>(async () => await sender.SendAsync(Plain(6)));
        // Later receives fail at once rather than asking a node that is gone.
        await Assert.ThrowsAsync<DomainChannelClosedException>(() => receiver.ReceiveAsync().AsTask().WaitAsync(Long));
    }
}
