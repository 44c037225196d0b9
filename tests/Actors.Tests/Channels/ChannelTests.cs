using System.Collections.Immutable;
using ActorInterp.Actors.Tests.Support;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Xunit;

namespace ActorInterp.Actors.Tests.Channels;

public sealed class ChannelTests : ActorTestKit
{
    [Fact]
    public async Task A_buffer_sent_through_a_channel_arrives_as_a_proxy_owned_by_the_receiving_domain()
    {
        var owner = Runtime.CreateDomain("owner");
        var receiver = Runtime.CreateDomain("receiver");
        var channel = Runtime.CreateChannel<Blob>(capacity: null);
        await owner.RunAsync(async () =>
        {
            using var buffer = SharedBuffer.Allocate(100);
            buffer.Span.Fill(3);
            await channel.Sender.SendAsync(new Blob("one", buffer));
        }).WaitAsync(Long);
        Assert.Equal(1, channel.Count);
        var (holder, sum) = await receiver.CallAsync(async () =>
        {
            var blob = await channel.Receiver.ReceiveAsync();
            using var proxy = Assert.IsType<BufferProxy>(blob.Data);
            return (proxy.Holder.Name, Bytes.Sum(proxy.Span));
        }).WaitAsync(Long);
        Assert.Equal(("receiver", 300L), (holder, sum));
        await AwaitAllReturned(owner);
    }

    [Fact]
    public async Task An_unshareable_item_fails_the_send_and_leaves_the_channel_unchanged()
    {
        var owner = Runtime.CreateDomain("owner");
        var channel = Runtime.CreateChannel<Order>(capacity: 4);
        var ex = await owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(8);
            return Assert.Throws<NotShareableException>(() => channel.Sender.TrySend(new Order(1, [new Line(1, buffer), new Line(2, new MutableBag())])));
        }).WaitAsync(Long);
        Assert.Equal("Order.Lines[1].Payload", ex.Path);
        Assert.True(channel.IsEmpty);
        await AwaitAllReturned(owner);
    }

    [Fact]
    public void TrySend_on_a_full_channel_returns_false_and_Count_IsFull_IsEmpty_tell_the_state()
    {
        var channel = Runtime.CreateChannel<int>(capacity: 2);
        Assert.True(channel.IsEmpty);
        Assert.True(channel.Sender.TrySend(1));
        Assert.True(channel.Sender.TrySend(2));
        Assert.True(channel.IsFull);
        Assert.False(channel.Sender.TrySend(3));
        Assert.Equal(2, channel.Count);
        Assert.True(channel.Receiver.TryReceive(out var first));
        Assert.Equal(1, first);
        Assert.False(channel.IsFull);
    }

    [Fact]
    public async Task Send_with_a_timeout_on_a_full_channel_throws_TimeoutException_and_gives_the_borrow_back()
    {
        var owner = Runtime.CreateDomain("owner");
        var channel = Runtime.CreateChannel<Blob>(capacity: 1);
        await owner.RunAsync(() =>
        {
            using var first = SharedBuffer.Allocate(4);
            using var second = SharedBuffer.Allocate(4);
#pragma warning disable AI0005 // a test of the timed send itself
            channel.Sender.Send(new Blob("fits", first), TimeSpan.FromSeconds(1));
            Assert.Throws<TimeoutException>(() => channel.Sender.Send(new Blob("does not fit", second), TimeSpan.FromMilliseconds(50)));
#pragma warning restore AI0005
        }).WaitAsync(Long);
        Assert.Equal(1, channel.Count);
        channel.Close(force: true);
        await AwaitAllReturned(owner);
    }

    [Fact]
    public void Receive_with_a_timeout_on_an_empty_channel_throws_TimeoutException()
    {
        var channel = Runtime.CreateChannel<int>(capacity: null);
        Assert.Throws<TimeoutException>(() => channel.Receiver.Receive(TimeSpan.FromMilliseconds(50)));
        Assert.False(channel.Receiver.TryReceive(out _));
    }

    [Fact]
    public async Task SendAsync_waits_while_full_and_ReceiveAsync_is_cancelled_by_its_token()
    {
        var channel = Runtime.CreateChannel<int>(capacity: 1);
        await channel.Sender.SendAsync(1);
        var waiting = channel.Sender.SendAsync(2).AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, await channel.Receiver.ReceiveAsync().AsTask().WaitAsync(Long));
        await waiting.WaitAsync(Long);
        Assert.Equal(2, channel.Receiver.Receive(Long));

        using var cts = new CancellationTokenSource();
        var receive = channel.Receiver.ReceiveAsync(cts.Token).AsTask();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receive.WaitAsync(Long));
    }

    [Fact]
    public async Task After_the_send_end_closes_queued_items_are_received_then_receive_reports_closed()
    {
        var channel = Runtime.CreateChannel<int>(capacity: 8);
        channel.Sender.TrySend(1);
        channel.Sender.TrySend(2);
        channel.Sender.Close();
        Assert.True(channel.Sender.IsClosed);
        Assert.Throws<DomainChannelClosedException>(() => channel.Sender.TrySend(3));
        Assert.Equal(1, channel.Receiver.Receive(Long));
        Assert.True(channel.Receiver.TryReceive(out var second));
        Assert.Equal(2, second);
        Assert.Throws<DomainChannelClosedException>(() => channel.Receiver.TryReceive(out _));
        Assert.Throws<DomainChannelClosedException>(() => channel.Receiver.Receive(Long));
        await Assert.ThrowsAsync<DomainChannelClosedException>(() => channel.Receiver.ReceiveAsync().AsTask());
    }

    [Fact]
    public async Task Closing_a_non_empty_channel_without_force_fails_and_changes_nothing()
    {
        var channel = Runtime.CreateChannel<int>(capacity: 8);
        channel.Sender.TrySend(1);
        var ex = Assert.Throws<ChannelNotEmptyException>(() => channel.Close());
        Assert.Equal(1, ex.Count);
        Assert.Throws<ChannelNotEmptyException>(() => channel.Receiver.Close());
        Assert.True(channel.Sender.TrySend(2));
        Assert.Equal(2, channel.Count);
        Assert.Equal(1, await channel.Receiver.ReceiveAsync());
    }

    [Fact]
    public async Task A_forced_close_drops_the_items_and_returns_every_borrow_in_them()
    {
        var owner = Runtime.CreateDomain("owner");
        var channel = Runtime.CreateChannel<Pair>(capacity: 10);
        await owner.RunAsync(() =>
        {
            for (var i = 0; i < 5; i++)
            {
                using var a = SharedBuffer.Allocate(16);
                using var b = SharedBuffer.Allocate(16);
                channel.Sender.TrySend(new Pair(a, b));
            }
        }).WaitAsync(Long);
        Assert.Equal(10, owner.GetSharingStats().SharesMade);
        Assert.Equal(10, owner.GetSharingStats().OwnedBuffers);
        channel.Receiver.Close(force: true);
        Assert.True(channel.Receiver.IsClosed);
        Assert.Throws<DomainChannelClosedException>(() => channel.Sender.TrySend(new Pair(null!, null!)));
        await AwaitAllReturned(owner);
        Assert.Equal(5, Runtime.GetActorStats().ChannelItemsDropped);
    }

    [Fact]
    public async Task When_the_only_domain_holding_the_send_end_closes_the_end_is_released_and_closes()
    {
        var sender = Runtime.CreateDomain("sender");
        var channel = Runtime.CreateChannel<int>(capacity: 8);
        await sender.RunAsync(() => { channel.Sender.TrySend(1); }).WaitAsync(Long);
        await sender.CloseAsync().WaitAsync(Long);
        Assert.True(channel.Sender.IsClosed);
        Assert.Equal(1, channel.Receiver.Receive(Long));
        Assert.Throws<DomainChannelClosedException>(() => channel.Receiver.TryReceive(out _));
    }

    [Fact]
    public async Task When_the_only_domain_holding_the_receive_end_closes_the_items_left_are_dropped_and_their_borrows_return()
    {
        var owner = Runtime.CreateDomain("owner");
        var receiver = Runtime.CreateDomain("receiver");
        var channel = Runtime.CreateChannel<Blob>(capacity: 8);
        await receiver.RunAsync(() => { channel.Receiver.TryReceive(out _); }).WaitAsync(Long);
        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(16);
            channel.Sender.TrySend(new Blob("left behind", buffer));
        }).WaitAsync(Long);
        await receiver.CloseAsync().WaitAsync(Long);
        Assert.True(channel.Receiver.IsClosed);
        Assert.True(channel.IsEmpty);
        await AwaitAllReturned(owner);
    }

    [Fact]
    public async Task Release_by_every_holder_closes_the_end()
    {
        var a = Runtime.CreateDomain("a");
        var b = Runtime.CreateDomain("b");
        var channel = Runtime.CreateChannel<int>(capacity: 8);
        await a.RunAsync(() => { channel.Sender.TrySend(1); }).WaitAsync(Long);
        await b.RunAsync(() => { channel.Sender.TrySend(2); }).WaitAsync(Long);
        await a.RunAsync(channel.Sender.Release).WaitAsync(Long);
        Assert.False(channel.Sender.IsClosed);
        await b.RunAsync(channel.Sender.Release).WaitAsync(Long);
        Assert.True(channel.Sender.IsClosed);
        Assert.Equal(2, channel.Count);
    }

    [Fact]
    public async Task Awaiting_a_channel_inside_a_domain_resumes_on_the_domains_thread()
    {
        var domain = Runtime.CreateDomain("awaiting");
        var channel = Runtime.CreateChannel<int>(capacity: 1);
        var threads = domain.CallAsync(async () =>
        {
            var before = Environment.CurrentManagedThreadId;
            var item = await channel.Receiver.ReceiveAsync();
            return (before, after: Environment.CurrentManagedThreadId, current: Domain.Current?.Name, item);
        });
        await channel.Sender.SendAsync(5);
        var (before, after, current, item) = await threads.WaitAsync(Long);
        Assert.Equal(domain.ThreadId, before);
        Assert.Equal(domain.ThreadId, after);
        Assert.Equal("awaiting", current);
        Assert.Equal(5, item);
    }

    [Fact]
    public async Task Channel_ends_are_shareable_and_cross_in_a_Tell()
    {
        var domain = Runtime.CreateDomain("worker");
        var channel = Runtime.CreateChannel<string>(capacity: null);
        var actor = Place(domain, m =>
        {
            ((ChannelSender<string>)m).TrySend($"from {Domain.Current!.Name}");
            return "sent";
        });
        actor.Tell(channel.Sender);
        ExpectMsg("sent");
        Assert.Equal("from worker", await channel.Receiver.ReceiveAsync());
    }

    [Fact]
    public async Task Each_item_reaches_exactly_one_receiver_with_several_receivers()
    {
        var channel = Runtime.CreateChannel<int>(capacity: 16);
        var receivers = Enumerable.Range(0, 3).Select(i => Runtime.CreateDomain($"r{i}")).ToArray();
        var work = receivers.Select(r => r.CallAsync(() => Drain(channel.Receiver))).ToArray();
        for (var i = 0; i < 3000; i++) await channel.Sender.SendAsync(i);
        channel.Sender.Close();
        var received = (await Task.WhenAll(work).WaitAsync(Long)).SelectMany(x => x).ToArray();
        Assert.Equal(3000, received.Length);
        Assert.Equal(Enumerable.Range(0, 3000), received.Order());
    }

    [Fact]
    public async Task A_hundred_thousand_items_through_a_bounded_channel_from_four_sender_domains_to_four_receiver_domains_arrive_once_each()
    {
        const int perSender = 25_000;
        var channel = Runtime.CreateChannel<int>(capacity: 256);
        var receivers = Enumerable.Range(0, 4).Select(i => Runtime.CreateDomain($"receiver-{i}")).ToArray();
        var senders = Enumerable.Range(0, 4).Select(i => Runtime.CreateDomain($"sender-{i}")).ToArray();
        var received = receivers.Select(r => r.CallAsync(() => Drain(channel.Receiver))).ToArray();
        var sent = senders.Select((s, index) => s.RunAsync(async () =>
        {
            for (var i = 0; i < perSender; i++)
            {
                var value = index * perSender + i;
                if (!channel.Sender.TrySend(value)) await channel.Sender.SendAsync(value);
            }
        })).ToArray();
        await Task.WhenAll(sent).WaitAsync(Long);
        channel.Sender.Close();
        var all = (await Task.WhenAll(received).WaitAsync(Long)).SelectMany(x => x).ToArray();
        Assert.Equal(4 * perSender, all.Length);
        Assert.Equal(4 * perSender, all.Distinct().Count());
        Assert.Equal(0, all.Min());
        Assert.Equal(4 * perSender - 1, all.Max());
    }

    [Fact]
    public async Task Two_domains_sharing_buffers_through_two_bounded_channels_do_not_deadlock()
    {
        const int items = 400;
        var a = Runtime.CreateDomain("a");
        var b = Runtime.CreateDomain("b");
        var aToB = Runtime.CreateChannel<Blob>(capacity: 2, "a-to-b");
        var bToA = Runtime.CreateChannel<Blob>(capacity: 2, "b-to-a");
        var runA = a.RunAsync(() => Exchange(aToB.Sender, bToA.Receiver, items));
        var runB = b.RunAsync(() => Exchange(bToA.Sender, aToB.Receiver, items));
        await Task.WhenAll(runA, runB).WaitAsync(Long);
        await AwaitAllReturned(a);
        await AwaitAllReturned(b);
        Assert.Equal(items, a.GetSharingStats().BuffersFreed);
        Assert.Equal(items, b.GetSharingStats().BuffersFreed);
    }

    // Sends and receives at once on the domain's thread; each side's awaits free the thread for the other
    // and for the ownership returns of the buffers it lent.
    private static async Task Exchange(ChannelSender<Blob> output, ChannelReceiver<Blob> input, int items)
    {
        async Task Send()
        {
            for (var i = 0; i < items; i++)
            {
                using var buffer = SharedBuffer.Allocate(1024);
                buffer.Span.Fill((byte)i);
                await output.SendAsync(new Blob($"#{i}", buffer));
            }
        }
        async Task Receive()
        {
            for (var i = 0; i < items; i++)
            {
                var blob = await input.ReceiveAsync();
                using var data = blob.Data;
                Assert.Equal((byte)i, data.ReadOnlySpan[0]);
            }
        }
        await Task.WhenAll(Send(), Receive());
    }

    // An immutable list: a call's result leaves its domain as a message would.
    private static async Task<ImmutableList<int>> Drain(ChannelReceiver<int> receiver)
    {
        var got = ImmutableList.CreateBuilder<int>();
        while (true)
        {
            try
            {
                while (receiver.TryReceive(out var item)) got.Add(item);
                got.Add(await receiver.ReceiveAsync());
            }
            catch (DomainChannelClosedException)
            {
                return got.ToImmutable();
            }
        }
    }
}
