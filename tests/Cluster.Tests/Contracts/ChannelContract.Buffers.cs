using ActorInterp.Sharing;
using ActorInterp.Actors;
using Xunit;

namespace ActorInterp.Cluster.Tests.Contracts;

/// <summary>Items that lend buffers: opened as proxies where they are received, and every borrow given back.</summary>
public abstract partial class ChannelContract
{
    [Fact]
    public async Task A_buffer_sent_through_the_channel_arrives_as_a_proxy_of_the_receiving_domain_and_its_borrow_returns_when_the_proxy_is_disposed()
    {
        var ends = await OpenAsync(capacity: 4);
        await SendBufferAsync(ends, 5).WaitAsync(Long);

        Assert.Equal(BufferText(5), await ReceiveAsync(ends, keep: true).WaitAsync(Long));   // its bytes, read in 'receiver'
        Assert.Equal(0L, ends.SenderDomain.GetSharingStats().BuffersFreed);   // the proxy kept in 'receiver' holds it

        await ReleaseKeptAsync(ends).WaitAsync(Long);

        await AwaitEqualAsync(1L, () => ends.SenderDomain.GetSharingStats().BuffersFreed, "the sender's buffer, freed once the receiver disposed its proxy");
        await AwaitEqualAsync(0L, () => ends.SenderDomain.GetSharingStats().BorrowsOut, "borrows out from the sender's domain");
    }

    [Fact]
    public async Task Items_with_buffers_taken_by_TryReceive_and_by_Receive_with_a_timeout_arrive_as_proxies_of_the_receiving_domain()
    {
        var ends = await OpenAsync(capacity: 4);
        await SendBufferAsync(ends, 1).WaitAsync(Long);
        await SendBufferAsync(ends, 2).WaitAsync(Long);
        await OnSender(ends, sender => sender.FlushAsync()).Unwrap().WaitAsync(Long);

        Assert.Equal(BufferText(1), await TryReceiveQueuedAsync(ends));
        Assert.Equal(BufferText(2), await ReceiveWithTimeoutAsync(ends).WaitAsync(Long));

        await AwaitEqualAsync(2L, () => ends.SenderDomain.GetSharingStats().BuffersFreed, "the sender's buffers, freed once the receiver disposed its proxies");
    }

    [Fact]
    public async Task A_forced_close_of_the_receive_end_drops_queued_items_and_returns_their_borrows()
    {
        var ends = await OpenAsync(capacity: 4);
        await SendBufferAsync(ends, 1).WaitAsync(Long);
        await SendBufferAsync(ends, 2).WaitAsync(Long);
        await OnSender(ends, sender => sender.FlushAsync()).Unwrap().WaitAsync(Long);

        await ends.ReceiverDomain.RunAsync(() => ends.Receiver.Close(force: true)).WaitAsync(Long);

        Assert.True(ends.Receiver.IsClosed);
        Assert.Equal(0, ends.Channel.Count);
        await AwaitEqualAsync(2L, () => ends.SenderDomain.GetSharingStats().BuffersFreed, "the dropped items' buffers, freed");
        await AwaitEqualAsync(0L, () => ends.SenderDomain.GetSharingStats().BorrowsOut, "borrows out from the sender's domain");
        await Assert.ThrowsAsync<DomainChannelClosedException>(() => ReceiveAsync(ends).WaitAsync(Long));
    }
}
