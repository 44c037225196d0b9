using ActorInterp.Actors;
using ActorInterp.Cluster.Tests.Actors;
using ActorInterp.Sharing;
using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Cluster.Tests.Contracts;

/// <summary>Sending and receiving: order, waits, tries, timeouts and cancellation.</summary>
public abstract partial class ChannelContract
{
    [Fact]
    public async Task Fresh_ends_are_open_and_name_their_channel()
    {
        var ends = await OpenAsync(capacity: 4);
        Assert.False(ends.Sender.IsClosed);
        Assert.False(ends.Receiver.IsClosed);
        Assert.Equal(ends.Channel.Id, ends.Sender.ChannelId);
        Assert.Equal(ends.Channel.Id, ends.Receiver.ChannelId);
        Assert.Equal(ChannelName, ends.Sender.Name);
        Assert.Equal(ChannelName, ends.Receiver.Name);
    }

    [Fact]
    public async Task Items_from_one_sender_are_received_in_the_order_sent_with_or_without_buffers()
    {
        var ends = await OpenAsync(capacity: 4);
        const int count = 15;   // more than the capacity: the sender waits for the receiver on the way
        var receiving = ReceiveManyAsync(ends, count);
        await ends.SenderDomain.RunAsync(async () =>
        {
            for (var n = 1; n <= count; n++)
            {
                if (n % 3 != 0)
                {
                    await ends.Sender.SendAsync(Plain(n));
                    continue;
                }
                using var buffer = SharedBuffer.Allocate(100 + n);
                buffer.Span.Fill((byte)n);
                await ends.Sender.SendAsync(new Item(n, buffer));
            }
        }).WaitAsync(Long);

        var expected = Enumerable.Range(1, count).Select(n => n % 3 == 0 ? BufferText(n) : PlainText(n));
        Assert.Equal(expected, await receiving.WaitAsync(Long));
    }

    [Fact]
    public async Task A_receive_on_an_empty_channel_waits_for_the_next_item_sent()
    {
        var ends = await OpenAsync(capacity: null);
        var receiving = ReceiveAsync(ends);
        await AwaitWaitingReceiversAsync(ends, 1);
        Assert.False(receiving.IsCompleted);

        await SendAsync(ends, 7).WaitAsync(Long);

        Assert.Equal(PlainText(7), await receiving.WaitAsync(Long));
    }

    [Fact]
    public async Task A_receive_with_a_timeout_returns_the_item_sent_while_it_waits()
    {
        var ends = await OpenAsync(capacity: null);
        var receiving = ends.ReceiverDomain.PeekAsync(() => ends.Receiver.Receive(Long).N);

        await SendAsync(ends, 7).WaitAsync(Long);

        Assert.Equal(7, await receiving.WaitAsync(Long));
    }

    [Fact]
    public async Task TrySend_on_an_unbounded_channel_always_succeeds()
    {
        var ends = await OpenAsync(capacity: null);
        const int count = 50;

        var accepted = await OnSender(ends, sender => Enumerable.Range(1, count).Count(n => sender.TrySend(Plain(n)))).WaitAsync(Long);

        Assert.Equal(count, accepted);
        Assert.Equal(Enumerable.Range(1, count).Select(PlainText), await ReceiveManyAsync(ends, count).WaitAsync(Long));
    }

    [Fact]
    public async Task TryReceive_on_an_empty_channel_returns_false_without_throwing_and_true_once_an_item_is_in()
    {
        var ends = await OpenAsync(capacity: 4);
        var empty = await OnReceiver(ends, receiver => Record.Exception(() => Assert.False(receiver.TryReceive(out _)))).WaitAsync(Long);
        Assert.Null(empty);

        await SendAsync(ends, 1).WaitAsync(Long);
        await OnSender(ends, sender => sender.FlushAsync()).Unwrap().WaitAsync(Long);

        Assert.Equal(PlainText(1), await TryReceiveQueuedAsync(ends));
        Assert.Null(await TryReceiveAsync(ends).WaitAsync(Long));
    }

    [Fact]
    public async Task FlushAsync_completes_once_every_item_sent_before_it_is_in_the_channel()
    {
        var ends = await OpenAsync(capacity: null);
        await SendAsync(ends, 1, 2, 3, 4, 5).WaitAsync(Long);

        var flush = await OnSender(ends, sender => sender.FlushAsync()).WaitAsync(Long);
        if (FlushCompletesAtOnce) Assert.True(flush.IsCompletedSuccessfully, $"FlushAsync did not complete at once: {flush.Status}");
        await flush.WaitAsync(Long);

        Assert.Equal(5, ends.Channel.Count);
        foreach (var n in new[] { 1, 2, 3, 4, 5 }) Assert.Equal(PlainText(n), await TryReceiveQueuedAsync(ends));
    }

    [Fact]
    public async Task Receive_with_a_timeout_on_an_empty_channel_throws_TimeoutException_and_takes_nothing()
    {
        var ends = await OpenAsync(capacity: 4);
        var timedOut = await OnReceiver(ends, receiver => Record.Exception(() => receiver.Receive(Brief))).WaitAsync(Long);
        Assert.IsType<TimeoutException>(timedOut);

        await SendAsync(ends, 1, 2).WaitAsync(Long);

        Assert.Equal([PlainText(1), PlainText(2)], await ReceiveManyAsync(ends, 2).WaitAsync(Long));
    }

    [Fact]
    public async Task A_cancelled_ReceiveAsync_throws_OperationCanceledException_and_takes_nothing()
    {
        var ends = await OpenAsync(capacity: 4);
        using var cancel = new CancellationTokenSource();
        var receiving = ReceiveAsync(ends, cancellationToken: cancel.Token);
        await AwaitWaitingReceiversAsync(ends, 1);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receiving.WaitAsync(Long));
        await SendAsync(ends, 1, 2).WaitAsync(Long);

        Assert.Equal([PlainText(1), PlainText(2)], await ReceiveManyAsync(ends, 2).WaitAsync(Long));
    }

    [Fact]
    public async Task A_ReceiveAsync_whose_token_is_cancelled_at_the_call_takes_nothing_unless_it_returns_the_item()
    {
        var ends = await OpenAsync(capacity: 4);
        await SendAsync(ends, 1).WaitAsync(Long);
        await OnSender(ends, sender => sender.FlushAsync()).Unwrap().WaitAsync(Long);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await AssertTakesNothingUnlessItReturnsAsync<OperationCanceledException>(ends, ReceiveAsync(ends, cancellationToken: cancelled.Token), PlainText(1));
    }

    [Fact]
    public async Task A_Receive_with_a_zero_timeout_takes_nothing_unless_it_returns_the_item()
    {
        var ends = await OpenAsync(capacity: 4);
        await SendAsync(ends, 1).WaitAsync(Long);
        await OnSender(ends, sender => sender.FlushAsync()).Unwrap().WaitAsync(Long);

        await AssertTakesNothingUnlessItReturnsAsync<TimeoutException>(ends, ReceiveWithTimeoutAsync(ends, TimeSpan.Zero), PlainText(1));
    }

    [Fact]
    public async Task An_unshareable_item_is_refused_at_the_send_and_takes_no_place()
    {
        var ends = await OpenAsync(capacity: 1);
        var refused = await OnSender(ends, sender => Record.Exception(() => sender.TrySend(new Item(0, new MemoryStream())))).WaitAsync(Long);
        Assert.IsType<NotShareableException>(refused);

        await FillAsync(ends, capacity: 1);   // the whole capacity is still there

        Assert.Equal(PlainText(1), await ReceiveAsync(ends).WaitAsync(Long));
    }
}
