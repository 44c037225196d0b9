using ActorInterp.Actors.Tests.Support;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Xunit;

namespace ActorInterp.Actors.Tests.Channels;

/// <summary>What a channel does with a queued item whose buffers' owner goes away (UnboundItemPolicy).</summary>
public sealed class UnboundItemTests : ActorTestKit
{
    [Fact]
    public async Task Keep_is_the_default_and_an_owner_closing_with_drain_waits_for_its_queued_item()
    {
        var owner = Runtime.CreateDomain("owner");
        var receiver = Runtime.CreateDomain("receiver");
        var channel = Runtime.CreateChannel<Blob>(capacity: null);
        Assert.Equal(UnboundItemPolicy.Keep, channel.UnboundItems);
        await SendBlob(owner, channel, "kept", fill: 2);

        var timeout = await Assert.ThrowsAsync<DrainTimeoutException>(() => owner.CloseAsync(CloseMode.Drain, Dilated(TimeSpan.FromMilliseconds(300))).WaitAsync(Long));
        Assert.Equal("owner", timeout.DomainName);
        Assert.Equal(1, channel.Count);

        var sum = await receiver.CallAsync(async () =>
        {
            var blob = await channel.Receiver.ReceiveAsync();
            using var proxy = (BufferProxy)blob.Data;
            return Bytes.Sum(proxy.Span);
        }).WaitAsync(Long);
        Assert.Equal(2L * 10, sum);
        await owner.CloseAsync().WaitAsync(Long);
    }

    [Fact]
    public async Task Remove_an_item_whose_owner_closes_with_drain_leaves_the_channel_and_the_drain_completes_at_once()
    {
        var owner = Runtime.CreateDomain("owner");
        var other = Runtime.CreateDomain("other");
        var receiver = Runtime.CreateDomain("receiver");
        var channel = Runtime.CreateChannel<Blob>(capacity: null, UnboundItemPolicy.Remove);
        await SendBlob(owner, channel, "removed", fill: 1);
        await SendBlob(other, channel, "next", fill: 5);
        Assert.Equal(2, channel.Count);

        var report = await owner.CloseAsync(CloseMode.Drain).WaitAsync(Long);
        Assert.Equal(0, report.RevokedBorrows);
        Assert.Equal(1, channel.Count);
        Assert.Equal(1, Runtime.GetActorStats().ChannelItemsDropped);

        var name = await receiver.CallAsync(() =>
        {
            Assert.True(channel.Receiver.TryReceive(out var blob));
            blob.Data.Dispose();
            Assert.False(channel.Receiver.TryReceive(out _));
            return blob.Name;
        }).WaitAsync(Long);
        Assert.Equal("next", name);
        await AwaitAllReturned(other);
    }

    [Fact]
    public async Task Remove_frees_the_place_of_a_removed_item_at_the_head_of_a_bounded_channel()
    {
        var owner = Runtime.CreateDomain("owner");
        var channel = Runtime.CreateChannel<Blob>(capacity: 1, UnboundItemPolicy.Remove);
        HoldSendEndOutside(channel);
        await SendBlob(owner, channel, "removed", fill: 1);
        Assert.True(channel.IsFull);

        await owner.CloseAsync().WaitAsync(Long);
        Assert.False(channel.IsFull);
        Assert.True(channel.Sender.TrySend(new Blob("after", null!)));
        Assert.Equal(1, channel.Count);
        Assert.True(channel.Receiver.TryReceive(out var after));
        Assert.Equal("after", after.Name);
    }

    [Fact]
    public async Task Error_a_receive_that_reaches_an_item_whose_owner_closed_throws_ItemOwnerClosedException_and_consumes_it()
    {
        var owner = Runtime.CreateDomain("owner");
        var other = Runtime.CreateDomain("other");
        var receiver = Runtime.CreateDomain("receiver");
        var channel = Runtime.CreateChannel<Blob>(capacity: null, UnboundItemPolicy.Error, name: "jobs");
        await SendBlob(owner, channel, "lost", fill: 1);
        await SendBlob(other, channel, "next", fill: 4);

        await owner.CloseAsync().WaitAsync(Long);
        Assert.Equal(2, channel.Count); // the placeholder keeps its place

        var (error, next) = await receiver.CallAsync(async () =>
        {
            var ex = await Assert.ThrowsAsync<ItemOwnerClosedException>(async () => await channel.Receiver.ReceiveAsync());
            var blob = await channel.Receiver.ReceiveAsync();
            blob.Data.Dispose();
            return (ex, blob.Name);
        }).WaitAsync(Long);
        Assert.Equal("owner", error.OwnerName);
        Assert.Equal("jobs", error.ChannelName);
        Assert.Null(error.Item.OwnerNode);
        Assert.Contains("domain 'owner'", error.Message);
        Assert.Equal("next", next);
        Assert.True(channel.IsEmpty);
        await AwaitAllReturned(other);
    }

    [Fact]
    public async Task Marker_an_entry_receive_gets_the_placeholder_and_a_plain_receive_throws()
    {
        var owner = Runtime.CreateDomain("owner");
        var other = Runtime.CreateDomain("other");
        var receiver = Runtime.CreateDomain("receiver");
        var channel = Runtime.CreateChannel<Blob>(capacity: 8, UnboundItemPolicy.Marker, name: "marks");
        await SendBlob(owner, channel, "first", fill: 1);
        await SendBlob(owner, channel, "second", fill: 1);
        await SendBlob(other, channel, "whole", fill: 3);

        await owner.CloseAsync().WaitAsync(Long);
        Assert.Equal(3, channel.Count);

        var (marker, plainError, whole) = await receiver.CallAsync(async () =>
        {
            var entry = await channel.Receiver.ReceiveEntryAsync();
            Assert.True(entry.IsUnbound);
            Assert.False(entry.TryGetItem(out _));
            Assert.Throws<ItemOwnerClosedException>(() => entry.Item);
            var plain = Assert.Throws<ItemOwnerClosedException>(() => channel.Receiver.TryReceive(out _));
            Assert.True(channel.Receiver.TryReceiveEntry(out var last));
            Assert.False(last.IsUnbound);
            Assert.True(last.TryGetItem(out var blob));
            var sum = Bytes.Sum(((BufferProxy)blob.Data).Span);
            blob.Data.Dispose();
            return (entry.Unbound!, plain, sum);
        }).WaitAsync(Long);
        Assert.Equal("owner", marker.OwnerName);
        Assert.Equal("marks", marker.ChannelName);
        Assert.Equal("owner", plainError.OwnerName);
        Assert.Contains("ReceiveEntryAsync", plainError.Message);
        Assert.Equal(3L * 10, whole);
        await AwaitAllReturned(other);
    }

    [Fact]
    public async Task A_send_chooses_the_rule_for_its_own_item_over_the_channels()
    {
        var owner = Runtime.CreateDomain("owner");
        var receiver = Runtime.CreateDomain("receiver");
        var channel = Runtime.CreateChannel<Blob>(capacity: null);
        HoldSendEndOutside(channel);
        await owner.RunAsync(async () =>
        {
            using var a = SharedBuffer.Allocate(4);
            using var b = SharedBuffer.Allocate(4);
            using var c = SharedBuffer.Allocate(4);
            await channel.Sender.SendAsync(new Blob("error", a), UnboundItemPolicy.Error);
            Assert.True(channel.Sender.TrySend(new Blob("marker", b), UnboundItemPolicy.Marker));
#pragma warning disable AI0005 // the timed send is one of the forms under test
            channel.Sender.Send(new Blob("removed", c), Long, UnboundItemPolicy.Remove);
#pragma warning restore AI0005
        }).WaitAsync(Long);
        Assert.Equal(3, channel.Count);

        // The channel keeps by default, but none of these items does: the drain does not wait for them.
        await owner.CloseAsync().WaitAsync(Long);
        Assert.Equal(2, channel.Count);

        var marker = await receiver.CallAsync(() =>
        {
            Assert.Throws<ItemOwnerClosedException>(() => channel.Receiver.TryReceiveEntry(out _));
            Assert.True(channel.Receiver.TryReceiveEntry(out var entry));
            Assert.False(channel.Receiver.TryReceiveEntry(out _));
            return entry;
        }).WaitAsync(Long);
        Assert.True(marker.IsUnbound);
    }

    [Fact]
    public async Task An_owner_closing_with_force_unbinds_an_item_under_Error_instead_of_revoking_it()
    {
        var owner = Runtime.CreateDomain("owner");
        var receiver = Runtime.CreateDomain("receiver");
        var channel = Runtime.CreateChannel<Blob>(capacity: null, UnboundItemPolicy.Error);
        await SendBlob(owner, channel, "forced", fill: 1);

        // The item gives its borrow back as the close starts; a forced close may still count it revoked, as the
        // return reaches the owner after it stopped.
        await owner.CloseAsync(CloseMode.Force).WaitAsync(Long);

#pragma warning disable AI0005 // the timed receive is the form under test
        var error = await receiver.CallAsync(() => Assert.Throws<ItemOwnerClosedException>(() => channel.Receiver.Receive(Long))).WaitAsync(Long);
#pragma warning restore AI0005
        Assert.Equal("owner", error.OwnerName);
        Assert.True(channel.IsEmpty);
    }

    [Fact]
    public async Task An_item_received_before_its_owner_closes_is_whole_and_the_drain_waits_for_its_proxy()
    {
        var owner = Runtime.CreateDomain("owner");
        var receiver = Runtime.CreateDomain("receiver");
        var channel = Runtime.CreateChannel<Blob>(capacity: null, UnboundItemPolicy.Remove);
        await SendBlob(owner, channel, "taken", fill: 7);
        Blob? blob = null;
        await receiver.RunAsync(async () => blob = await channel.Receiver.ReceiveAsync()).WaitAsync(Long);

        await Assert.ThrowsAsync<DrainTimeoutException>(() => owner.CloseAsync(CloseMode.Drain, Dilated(TimeSpan.FromMilliseconds(300))).WaitAsync(Long));
        var sum = await receiver.CallAsync(() =>
        {
            var total = Bytes.Sum(((BufferProxy)blob!.Data).Span);
            blob.Data.Dispose();
            return total;
        }).WaitAsync(Long);
        Assert.Equal(7L * 10, sum);
        await owner.CloseAsync().WaitAsync(Long);
    }

    [Fact]
    public async Task An_item_lending_buffers_of_two_owners_is_unbound_by_the_first_that_closes_and_gives_every_borrow_back()
    {
        var first = Runtime.CreateDomain("first");
        var second = Runtime.CreateDomain("second");
        var receiver = Runtime.CreateDomain("receiver");
        var handOver = Runtime.CreateChannel<Blob>(capacity: null);
        var channel = Runtime.CreateChannel<Pair>(capacity: null, UnboundItemPolicy.Error);
        await SendBlob(first, handOver, "lent", fill: 1);
        await second.RunAsync(async () =>
        {
            var lent = await handOver.Receiver.ReceiveAsync();
            using var own = SharedBuffer.Allocate(10);
            await channel.Sender.SendAsync(new Pair(lent.Data, own));
            lent.Data.Dispose();
        }).WaitAsync(Long);
        Assert.Equal(1, second.GetSharingStats().BorrowsOut);

        await first.CloseAsync().WaitAsync(Long);
        await AwaitAllReturned(second); // the item gave back its borrow of the owner still running too

        var error = await receiver.CallAsync(() => Assert.Throws<ItemOwnerClosedException>(() => channel.Receiver.TryReceive(out _))).WaitAsync(Long);
        Assert.Equal("first", error.OwnerName);
    }

    [Fact]
    public async Task Closing_a_channel_whose_only_items_were_removed_needs_no_force()
    {
        var owner = Runtime.CreateDomain("owner");
        var channel = Runtime.CreateChannel<Blob>(capacity: null, UnboundItemPolicy.Remove);
        await SendBlob(owner, channel, "removed", fill: 1);
        await owner.CloseAsync().WaitAsync(Long);
        channel.Close();
        Assert.True(channel.Receiver.IsClosed);
    }

    [Fact]
    public void An_undefined_rule_is_refused_and_nothing_is_sent()
    {
        var channel = Runtime.CreateChannel<int>(capacity: null);
        Assert.Throws<ArgumentOutOfRangeException>(() => channel.Sender.TrySend(1, (UnboundItemPolicy)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => Runtime.CreateChannel<int>(null, (UnboundItemPolicy)42));
        Assert.True(channel.IsEmpty);
    }

    /// <summary>Code outside every domain uses the send end, so that it stays open when the sending domains close.</summary>
    private static void HoldSendEndOutside(DomainChannel<Blob> channel)
    {
        Assert.True(channel.Sender.TrySend(new Blob("held", null!)));
        Assert.True(channel.Receiver.TryReceive(out _));
    }

    private Task SendBlob(Domain from, DomainChannel<Blob> channel, string name, byte fill) => from.RunAsync(async () =>
    {
        using var buffer = SharedBuffer.Allocate(10);
        buffer.Span.Fill(fill);
        await channel.Sender.SendAsync(new Blob(name, buffer));
    }).WaitAsync(Long);
}
