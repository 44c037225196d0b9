using ActorInterp.Actors;
using ActorInterp.Cluster.Tests.Actors;
using ActorInterp.Sharing;
using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Cluster.Tests.Contracts;

/// <summary>Batch sends and receives: every item once, in order, and a batch that fails has taken no effect.</summary>
public abstract partial class ChannelContract
{
    [Fact]
    public async Task A_batch_sent_arrives_whole_and_in_order_through_batch_receives_with_or_without_buffers()
    {
        var ends = await OpenAsync(capacity: 4);
        const int count = 12;   // more than the capacity: the batch waits for the receiver on the way
        var receiving = ends.ReceiverDomain.PeekAsync(async () =>
        {
            var got = new List<string>();
            var into = new Item[5];
            while (got.Count < count)
            {
                var n = await ends.Receiver.ReceiveManyAsync(into);
                Assert.InRange(n, 1, into.Length);
                for (var i = 0; i < n; i++) got.Add(Describe(into[i], keep: false));
            }
            return got;
        });
        var sent = await ends.SenderDomain.CallAsync(async () =>
        {
            var buffers = new List<SharedBuffer>();
            var items = new Item[count];
            for (var n = 1; n <= count; n++)
            {
                if (n % 4 != 0)
                {
                    items[n - 1] = Plain(n);
                    continue;
                }
                var buffer = SharedBuffer.Allocate(BufferLength(n));
                buffer.Span.Fill((byte)n);
                buffers.Add(buffer);
                items[n - 1] = new Item(n, buffer);
            }
            var sent = await ends.Sender.SendManyAsync(items);
            foreach (var buffer in buffers) buffer.Dispose();
            return sent;
        }).WaitAsync(Long);

        Assert.Equal(count, sent);
        var expected = Enumerable.Range(1, count).Select(n => n % 4 == 0 ? BufferText(n) : PlainText(n));
        Assert.Equal(expected, await receiving.WaitAsync(Long));
    }

    [Fact]
    public async Task TrySendMany_sends_the_leading_items_that_fit_and_says_how_many()
    {
        var ends = await OpenAsync(capacity: 3);
        var sent = await OnSender(ends, sender => sender.TrySendMany([Plain(1), Plain(2), Plain(3), Plain(4), Plain(5)])).WaitAsync(Long);
        await ends.SenderDomain.RunAsync(() => ends.Sender.FlushAsync()).WaitAsync(Long);

        Assert.InRange(sent, 1, 5);
        var got = new List<string>();
        for (var i = 0; i < sent; i++) got.Add(await ReceiveAsync(ends).WaitAsync(Long));
        Assert.Equal(Enumerable.Range(1, sent).Select(PlainText), got);
    }

    [Fact]
    public async Task Batch_sends_on_a_closed_channel_throw_and_send_nothing()
    {
        var ends = await OpenAsync(capacity: 4);
        await ends.SenderDomain.RunAsync(() => ends.Sender.Close()).WaitAsync(Long);

        var tried = await OnSender(ends, sender => Record.Exception(() => sender.TrySendMany([Plain(1), Plain(2)]))).WaitAsync(Long);
        var awaited = await ends.SenderDomain.CallAsync(() => Record.ExceptionAsync(async () => await ends.Sender.SendManyAsync(new[] { Plain(3) }))).WaitAsync(Long);

        Assert.IsType<DomainChannelClosedException>(tried);
        Assert.IsType<DomainChannelClosedException>(awaited);
        await AwaitEqualAsync(0, () => ends.Channel.Count, "items queued");
    }

    [Fact]
    public async Task A_batch_receive_needs_room_for_an_item_and_an_empty_try_takes_nothing()
    {
        var ends = await OpenAsync(capacity: 4);
        await SendAsync(ends, 1).WaitAsync(Long);

        var noRoom = await ends.ReceiverDomain.CallAsync(() => Record.ExceptionAsync(async () => await ends.Receiver.ReceiveManyAsync(Memory<Item>.Empty))).WaitAsync(Long);
        var emptyTry = await OnReceiver(ends, receiver => receiver.TryReceiveMany(Span<Item>.Empty)).WaitAsync(Long);

        Assert.IsType<ArgumentException>(noRoom);
        Assert.Equal(0, emptyTry);
        Assert.Equal(PlainText(1), await ReceiveAsync(ends).WaitAsync(Long));
    }
}
