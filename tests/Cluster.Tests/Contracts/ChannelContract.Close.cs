using ActorInterp.Actors;
using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Cluster.Tests.Contracts;

/// <summary>Closing either end, and what the other end sees.</summary>
public abstract partial class ChannelContract
{
    [Fact]
    public async Task After_the_send_end_closes_queued_items_are_received_then_receives_throw_DomainChannelClosedException()
    {
        var ends = await OpenAsync(capacity: 8);
        await SendAsync(ends, 1, 2, 3).WaitAsync(Long);

        await ends.SenderDomain.RunAsync(ends.Sender.Close).WaitAsync(Long);
        Assert.True(ends.Sender.IsClosed);
        var late = await OnSender(ends, sender => Record.Exception(() => sender.TrySend(Plain(4)))).WaitAsync(Long);
        Assert.IsType<DomainChannelClosedException>(late);
        await OnSender(ends, sender => sender.FlushAsync()).Unwrap().WaitAsync(Long);   // nothing sent was refused

        Assert.Equal([PlainText(1), PlainText(2), PlainText(3)], await ReceiveManyAsync(ends, 3).WaitAsync(Long));
        await Assert.ThrowsAsync<DomainChannelClosedException>(() => ReceiveAsync(ends).WaitAsync(Long));
        Assert.IsType<DomainChannelClosedException>(await TryReceiveFailureAsync(ends));
        Assert.IsType<DomainChannelClosedException>(await OnReceiver(ends, receiver => Record.Exception(() => receiver.Receive(Long))).WaitAsync(Long));
    }

    [Fact]
    public async Task A_receive_waiting_on_an_empty_channel_throws_ChannelClosedException_when_the_send_end_closes()
    {
        var ends = await OpenAsync(capacity: null);
        var receiving = ReceiveAsync(ends);
        await AwaitWaitingReceiversAsync(ends, 1);

        await ends.SenderDomain.RunAsync(ends.Sender.Close).WaitAsync(Long);

        await Assert.ThrowsAsync<DomainChannelClosedException>(() => receiving.WaitAsync(Long));
    }

    [Fact]
    public async Task A_send_waiting_on_a_full_bounded_channel_throws_ChannelClosedException_when_the_send_end_closes_and_its_item_never_arrives()
    {
        var ends = await OpenAsync(capacity: 2);
        var sent = await FillAsync(ends, capacity: 2);
        var waiting = SendAsync(ends, 99);
        Assert.False(await OnSender(ends, sender => sender.TrySend(Plain(-1))).WaitAsync(Long));   // still full

        await ends.SenderDomain.RunAsync(ends.Sender.Close).WaitAsync(Long);

        await Assert.ThrowsAsync<DomainChannelClosedException>(() => waiting.WaitAsync(Long));
        Assert.Equal(sent.Select(PlainText), await ReceiveManyAsync(ends, sent.Length).WaitAsync(Long));
        await Assert.ThrowsAsync<DomainChannelClosedException>(() => ReceiveAsync(ends).WaitAsync(Long));   // 99 never went in
    }

    [Fact]
    public async Task Closing_the_receive_end_stops_sends()
    {
        var ends = await OpenAsync(capacity: 4);
        await ends.ReceiverDomain.RunAsync(() => ends.Receiver.Close()).WaitAsync(Long);
        Assert.True(ends.Receiver.IsClosed);
        Assert.Equal(SendRefusedAtCallAfterReceiveClose, ends.Sender.IsClosed);   // known at once, or only from the refusal below

        var atCall = await ends.SenderDomain.PeekAsync(async () =>
        {
            try
            {
                await ends.Sender.SendAsync(Plain(1));
                return null;
            }
            catch (DomainChannelClosedException ex)
            {
                return ex;
            }
        }).WaitAsync(Long);
        if (SendRefusedAtCallAfterReceiveClose) Assert.NotNull(atCall);
        else
        {
            Assert.Null(atCall);   // it went out; the refusal comes back
            await Assert.ThrowsAsync<DomainChannelClosedException>(() => OnSender(ends, sender => sender.FlushAsync()).Unwrap().WaitAsync(Long));
        }

        Assert.True(ends.Sender.IsClosed);
        Assert.IsType<DomainChannelClosedException>(await OnSender(ends, sender => Record.Exception(() => sender.TrySend(Plain(2)))).WaitAsync(Long));
        Assert.Equal(0, ends.Channel.Count);
    }

    [Fact]
    public async Task A_receive_waiting_on_the_channel_throws_ChannelClosedException_when_the_receive_end_closes()
    {
        var ends = await OpenAsync(capacity: null);
        var receiving = ReceiveAsync(ends);
        await AwaitWaitingReceiversAsync(ends, 1);

        await ends.ReceiverDomain.RunAsync(() => ends.Receiver.Close()).WaitAsync(Long);

        await Assert.ThrowsAsync<DomainChannelClosedException>(() => receiving.WaitAsync(Long));
    }

    [Fact]
    public async Task A_send_waiting_on_a_full_bounded_channel_throws_ChannelClosedException_when_the_receive_end_is_closed_with_force()
    {
        var ends = await OpenAsync(capacity: 2);
        await FillAsync(ends, capacity: 2);
        var waiting = SendAsync(ends, 99);
        Assert.False(await OnSender(ends, sender => sender.TrySend(Plain(-1))).WaitAsync(Long));   // still full

        await ends.ReceiverDomain.RunAsync(() => ends.Receiver.Close(force: true)).WaitAsync(Long);

        await Assert.ThrowsAsync<DomainChannelClosedException>(() => waiting.WaitAsync(Long));
        Assert.Equal(0, ends.Channel.Count);
    }

    [Fact]
    public async Task After_the_channel_is_closed_where_it_lives_receives_throw_DomainChannelClosedException()
    {
        var ends = await OpenAsync(capacity: 4);

        ends.Channel.Close();   // on the channel's node, by its owner

        Assert.Equal(ReceiveEndKnowsClosesMadeElsewhere, ends.Receiver.IsClosed);
        await Assert.ThrowsAsync<DomainChannelClosedException>(() => ReceiveAsync(ends).WaitAsync(Long));
        Assert.IsType<DomainChannelClosedException>(await TryReceiveFailureAsync(ends));
    }

    [Fact]
    public async Task Closing_a_receive_end_with_items_queued_without_force_throws_ChannelNotEmptyException_and_changes_nothing()
    {
        var ends = await OpenAsync(capacity: 4);
        await SendAsync(ends, 1, 2).WaitAsync(Long);
        await OnSender(ends, sender => sender.FlushAsync()).Unwrap().WaitAsync(Long);

        var refused = await OnReceiver(ends, receiver => Record.Exception(() => receiver.Close())).WaitAsync(Long);

        Assert.Equal(2, Assert.IsType<ChannelNotEmptyException>(refused).Count);
        Assert.False(ends.Receiver.IsClosed);
        Assert.False(ends.Sender.IsClosed);
        await SendAsync(ends, 3).WaitAsync(Long);
        Assert.Equal([PlainText(1), PlainText(2), PlainText(3)], await ReceiveManyAsync(ends, 3).WaitAsync(Long));
    }

    [Fact]
    public async Task Release_by_the_only_domain_holding_the_send_end_closes_it_where_the_end_holds_the_channel()
    {
        var ends = await OpenAsync(capacity: 4);
        await SendAsync(ends, 1).WaitAsync(Long);   // the sender's domain holds the end from its first use

        await ends.SenderDomain.RunAsync(ends.Sender.Release).WaitAsync(Long);

        Assert.Equal(ReleaseClosesTheEnd, ends.Sender.IsClosed);
        var after = await OnSender(ends, sender => Record.Exception(() => sender.TrySend(Plain(2)))).WaitAsync(Long);
        if (ReleaseClosesTheEnd)
        {
            Assert.IsType<DomainChannelClosedException>(after);
            Assert.Equal([PlainText(1)], await ReceiveManyAsync(ends, 1).WaitAsync(Long));
        }
        else
        {
            Assert.Null(after);   // still open: the release did nothing
            Assert.Equal([PlainText(1), PlainText(2)], await ReceiveManyAsync(ends, 2).WaitAsync(Long));
        }
    }

    [Fact]
    public async Task Closing_an_end_again_does_nothing()
    {
        var ends = await OpenAsync(capacity: 4);
        await ends.SenderDomain.RunAsync(() =>
        {
            ends.Sender.Close();
            ends.Sender.Close();
        }).WaitAsync(Long);
        await ends.ReceiverDomain.RunAsync(() =>
        {
            ends.Receiver.Close();
            ends.Receiver.Close();
        }).WaitAsync(Long);

        Assert.True(ends.Sender.IsClosed);
        Assert.True(ends.Receiver.IsClosed);
    }
}
