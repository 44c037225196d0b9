using Xunit;

namespace ActorInterp.Cluster.Tests.Contracts;

/// <summary>A bounded channel that is full for its sender (see <see cref="SendsUntilFull"/>).</summary>
public abstract partial class ChannelContract
{
    [Fact]
    public async Task TrySend_on_a_full_bounded_channel_returns_false_and_sends_nothing()
    {
        var ends = await OpenAsync(capacity: 2);
        var sent = await FillAsync(ends, capacity: 2);

        Assert.False(await OnSender(ends, sender => sender.TrySend(Plain(-1))).WaitAsync(Long));

        Assert.Equal(sent.Select(PlainText), await ReceiveManyAsync(ends, sent.Length).WaitAsync(Long));
        await OnSender(ends, sender => sender.FlushAsync()).Unwrap().WaitAsync(Long);
        Assert.Null(await TryReceiveAsync(ends).WaitAsync(Long));   // the refused item never went in
    }

    [Fact]
    public async Task Send_with_a_timeout_on_a_full_bounded_channel_throws_TimeoutException_and_sends_nothing()
    {
        var ends = await OpenAsync(capacity: 2);
        var sent = await FillAsync(ends, capacity: 2);

        var timedOut = await OnSender(ends, sender => Record.Exception(() => sender.Send(Plain(-1), Brief))).WaitAsync(Long);
        Assert.IsType<TimeoutException>(timedOut);

        Assert.Equal(sent.Select(PlainText), await ReceiveManyAsync(ends, sent.Length).WaitAsync(Long));
        await OnSender(ends, sender => sender.FlushAsync()).Unwrap().WaitAsync(Long);
        Assert.Null(await TryReceiveAsync(ends).WaitAsync(Long));   // the timed-out item never went in
    }

    [Fact]
    public async Task SendAsync_on_a_full_bounded_channel_waits_until_a_receive_makes_room()
    {
        var ends = await OpenAsync(capacity: 2);
        var sent = await FillAsync(ends, capacity: 2);

        var waiting = SendAsync(ends, 99);
        Assert.False(await OnSender(ends, sender => sender.TrySend(Plain(-1))).WaitAsync(Long));   // still full
        Assert.False(waiting.IsCompleted);

        Assert.Equal(PlainText(sent[0]), await ReceiveAsync(ends).WaitAsync(Long));
        await waiting.WaitAsync(Long);

        Assert.Equal(sent.Skip(1).Select(PlainText).Append(PlainText(99)), await ReceiveManyAsync(ends, sent.Length).WaitAsync(Long));
    }

    [Fact]
    public async Task A_cancelled_SendAsync_on_a_full_bounded_channel_throws_OperationCanceledException_and_sends_nothing()
    {
        var ends = await OpenAsync(capacity: 2);
        var sent = await FillAsync(ends, capacity: 2);
        using var cancel = new CancellationTokenSource();

        var waiting = ends.SenderDomain.RunAsync(async () => await ends.Sender.SendAsync(Plain(-1), cancel.Token));
        Assert.False(await OnSender(ends, sender => sender.TrySend(Plain(-2))).WaitAsync(Long));   // still full
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Long));

        var receiving = ReceiveManyAsync(ends, sent.Length + 1);
        await SendAsync(ends, 99).WaitAsync(Long);
        Assert.Equal(sent.Select(PlainText).Append(PlainText(99)), await receiving.WaitAsync(Long));   // -1 never went in
    }
}
