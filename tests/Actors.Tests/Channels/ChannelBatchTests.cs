using System.Collections.Immutable;
using ActorInterp.Actors.Tests.Support;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Xunit;

namespace ActorInterp.Actors.Tests.Channels;

/// <summary>
/// Batch sends and receives on a channel's own ends: exactly the items a call reports went in (or came out), in
/// order; a batch that throws has taken no effect; an item with buffers or a rule is received alone.
/// </summary>
public sealed class ChannelBatchTests : ActorTestKit
{
    [Fact]
    public void TrySendMany_puts_the_leading_items_that_fit_and_returns_how_many()
    {
        var channel = Runtime.CreateChannel<int>(capacity: 3);

        Assert.Equal(3, channel.Sender.TrySendMany([1, 2, 3, 4, 5]));
        Assert.Equal(0, channel.Sender.TrySendMany([6]));
        Assert.Equal(0, channel.Sender.TrySendMany([]));

        Assert.Equal(new ChannelStats { ItemsIn = 3, Queued = 3 }, channel.GetStats());
        var into = new int[8];
        Assert.Equal(3, channel.Receiver.TryReceiveMany(into));
        Assert.Equal([1, 2, 3], into[..3]);
        Assert.Equal(new ChannelStats { ItemsIn = 3, ItemsOut = 3 }, channel.GetStats());
    }

    [Fact]
    public void TrySendMany_on_a_closed_channel_throws_and_sends_nothing()
    {
        var channel = Runtime.CreateChannel<int>(capacity: 3);
        channel.Sender.Close();

        Assert.Throws<DomainChannelClosedException>(() => channel.Sender.TrySendMany([1, 2]));
        Assert.Equal(0, channel.GetStats().ItemsIn);
    }

    [Fact]
    public async Task A_batch_whose_first_item_cannot_cross_throws_sends_nothing_and_lends_nothing()
    {
        var owner = Runtime.CreateDomain("owner");
        var channel = Runtime.CreateChannel<Order>(capacity: 4);
        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(8);
            Order[] batch = [new(1, [new Line(1, new MutableBag())]), new(2, [new Line(1, buffer)])];
            Assert.Throws<NotShareableException>(() => channel.Sender.TrySendMany(batch));
        }).WaitAsync(Long);

        Assert.True(channel.IsEmpty);
        await AwaitAllReturned(owner);
    }

    [Fact]
    public async Task A_batch_with_an_unshareable_item_after_others_sends_those_before_it_and_a_call_from_that_item_throws()
    {
        var owner = Runtime.CreateDomain("owner");
        var channel = Runtime.CreateChannel<Order>(capacity: 8);
        var (sent, failure) = await owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(8);
            Order[] batch = [new(1, [new Line(1, buffer)]), new(2, []), new(3, [new Line(1, new MutableBag())]), new(4, [])];
            var sent = channel.Sender.TrySendMany(batch);
            return (sent, Record.Exception(() => channel.Sender.TrySendMany(batch.AsSpan(sent))));
        }).WaitAsync(Long);

        Assert.Equal(2, sent);
        Assert.IsType<NotShareableException>(failure);
        Assert.Equal(2, channel.Count);
        channel.Close(force: true);
        await AwaitAllReturned(owner);
    }

    [Fact]
    public async Task SendManyAsync_waits_for_room_and_every_item_arrives_in_order()
    {
        var sender = Runtime.CreateDomain("sender");
        var receiver = Runtime.CreateDomain("receiver");
        var channel = Runtime.CreateChannel<int>(capacity: 2);
        var receiving = receiver.CallAsync(async () =>
        {
            var got = new List<int>();
            var into = new int[3];
            while (got.Count < 10)
            {
                var n = await channel.Receiver.ReceiveManyAsync(into);
                got.AddRange(into[..n]);
            }
            return got.ToImmutableArray();
        });

        var sent = await sender.CallAsync(async () => await channel.Sender.SendManyAsync(Enumerable.Range(1, 10).ToArray())).WaitAsync(Long);

        Assert.Equal(10, sent);
        Assert.Equal(Enumerable.Range(1, 10), await receiving.WaitAsync(Long));
    }

    [Fact]
    public async Task SendManyAsync_cut_short_by_a_close_returns_the_count_that_went_in_and_those_items_can_still_be_received()
    {
        var sender = Runtime.CreateDomain("sender");
        var channel = Runtime.CreateChannel<int>(capacity: 2);
        var sending = sender.CallAsync(async () => await channel.Sender.SendManyAsync(new[] { 1, 2, 3, 4, 5 }));
        await AwaitEqualAsync(1, () => channel.GetStats().WaitingSenders, "sends waiting for room");

        channel.Sender.Close();

        Assert.Equal(2, await sending.WaitAsync(Long));
        var into = new int[8];
        Assert.Equal(2, channel.Receiver.TryReceiveMany(into));
        Assert.Equal([1, 2], into[..2]);
        Assert.Throws<DomainChannelClosedException>(() => channel.Receiver.TryReceiveMany(into));
    }

    [Fact]
    public async Task SendManyAsync_cancelled_before_any_item_went_in_throws_and_sends_nothing()
    {
        var sender = Runtime.CreateDomain("sender");
        var channel = Runtime.CreateChannel<int>(capacity: 1);
        Assert.True(channel.Sender.TrySend(0));
        using var cancel = new CancellationTokenSource();
        var sending = sender.CallAsync(async () => await channel.Sender.SendManyAsync(new[] { 1, 2 }, cancel.Token));
        await AwaitEqualAsync(1, () => channel.GetStats().WaitingSenders, "sends waiting for room");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(Long));
        Assert.Equal(1, channel.Count);
    }

    [Fact]
    public async Task A_batch_receive_takes_plain_items_together_and_an_item_with_buffers_alone()
    {
        var owner = Runtime.CreateDomain("owner");
        var receiver = Runtime.CreateDomain("receiver");
        var channel = Runtime.CreateChannel<Line>(capacity: null);
        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(8);
            Assert.Equal(4, channel.Sender.TrySendMany([new Line(1, null), new Line(2, null), new Line(3, buffer), new Line(4, null)]));
        }).WaitAsync(Long);

        var batches = await receiver.CallAsync(() =>
        {
            var into = new Line[8];
            var batches = new List<string>();
            while (channel.Receiver.TryReceiveMany(into) is var n && n > 0)
            {
                batches.Add(string.Join(",", into[..n].Select(line => $"{line.Quantity}{(line.Payload is BufferProxy ? "b" : "")}")));
                foreach (var line in into[..n]) (line.Payload as BufferProxy)?.Dispose();
            }
            return batches.ToImmutableArray();
        }).WaitAsync(Long);

        Assert.Equal(["1,2", "3b", "4"], batches.ToArray());
        await AwaitAllReturned(owner);
    }

    [Fact]
    public async Task A_batch_receive_outside_every_domain_throws_at_an_item_with_buffers_and_leaves_it_queued()
    {
        var owner = Runtime.CreateDomain("owner");
        var channel = Runtime.CreateChannel<Line>(capacity: null);
        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(8);
            Assert.Equal(2, channel.Sender.TrySendMany([new Line(1, null), new Line(2, buffer)]));
        }).WaitAsync(Long);

        var into = new Line[8];
        Assert.Equal(1, channel.Receiver.TryReceiveMany(into));
        Assert.Throws<WrongDomainException>(() => channel.Receiver.TryReceiveMany(into));

        Assert.Equal(1, channel.Count);
        channel.Close(force: true);
        await AwaitAllReturned(owner);
    }

    [Fact]
    public async Task ReceiveManyAsync_waits_for_an_item_then_takes_every_item_of_the_batch_that_came()
    {
        var receiver = Runtime.CreateDomain("receiver");
        var channel = Runtime.CreateChannel<int>(capacity: null);
        var receiving = receiver.CallAsync(async () =>
        {
            var into = new int[8];
            var n = await channel.Receiver.ReceiveManyAsync(into);
            return into[..n].ToImmutableArray();
        });
        await AwaitEqualAsync(1, () => channel.GetStats().WaitingReceivers, "receives waiting for an item");

        Assert.Equal(3, channel.Sender.TrySendMany([7, 8, 9]));

        var received = await receiving.WaitAsync(Long);
        Assert.Equal([7, 8, 9], received.ToArray());
    }

    [Fact]
    public async Task A_batch_receive_on_an_empty_channel_takes_nothing_and_on_a_drained_closed_one_throws()
    {
        var channel = Runtime.CreateChannel<int>(capacity: 4);
        var into = new int[4];

        Assert.Equal(0, channel.Receiver.TryReceiveMany(into));
        Assert.True(channel.Sender.TrySend(1));
        channel.Sender.Close();
        Assert.Equal(1, channel.Receiver.TryReceiveMany(into));

        Assert.Throws<DomainChannelClosedException>(() => channel.Receiver.TryReceiveMany(into));
        await Assert.ThrowsAsync<ArgumentException>(async () => await channel.Receiver.ReceiveManyAsync(Memory<int>.Empty));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(5)]
    public void Items_keep_their_order_as_the_queue_wraps_around_and_grows(int? capacity)
    {
        var channel = Runtime.CreateChannel<int>(capacity);
        var got = new List<int>();
        var into = new int[7];
        var next = 0;
        for (var round = 0; round < 300; round++)
        {
            next += channel.Sender.TrySendMany(Enumerable.Range(next, round % 13 + 1).ToArray());
            if (channel.Sender.TrySend(next)) next++;
            var n = channel.Receiver.TryReceiveMany(into.AsSpan(0, round % 7 + 1));
            got.AddRange(into[..n]);
            if (round % 3 == 0 && channel.Receiver.TryReceive(out var one)) got.Add(one);
        }
        while (channel.Receiver.TryReceiveMany(into) is var left && left > 0) got.AddRange(into[..left]);

        Assert.Equal(Enumerable.Range(0, next), got);
        Assert.True(next > 300);
    }
}
