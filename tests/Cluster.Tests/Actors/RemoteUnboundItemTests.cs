using ActorInterp.Actors;
using ActorInterp.Cluster;
using ActorInterp.Cluster.Tests.Support;
using ActorInterp.Sharing;
using ActorInterp.TestSupport;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Cluster.Tests.Actors;

public sealed record SendToEach(ChannelSender<Item> Keep, ChannelSender<Item> Remove, ChannelSender<Item> Error, ChannelSender<Item> Marker);

/// <summary>Sends one item with a buffer it owns through each send end it is given (and one more through Keep, choosing Remove for it), waits until each is in its channel, and says "sent".</summary>
public sealed class BufferSender : ReceiveActor
{
    public BufferSender(IActorRef probe) => ReceiveAsync<SendToEach>(async use =>
    {
        ChannelSender<Item>[] senders = [use.Keep, use.Remove, use.Error, use.Marker];
        for (var i = 0; i < senders.Length; i++)
        {
            using var buffer = SharedBuffer.Allocate(100);
            buffer.Span.Fill((byte)(i + 1));
            await senders[i].SendAsync(new Item(i, buffer));
        }
        using (var chosen = SharedBuffer.Allocate(100))
            await use.Keep.SendAsync(new Item(9, chosen), UnboundItemPolicy.Remove); // its own rule, over the channel's
        foreach (var sender in senders) await sender.FlushAsync();
        probe.Tell("sent");
    });
}

/// <summary>Receives once through the receive end it is given and says what it saw: the item's number, or the unbound item's owner and channel.</summary>
public sealed class UnboundReader : ReceiveActor
{
    public UnboundReader(IActorRef probe)
    {
        ReceiveAsync<UseEntries>(async use =>
        {
            var entry = await use.Receiver.ReceiveEntryAsync();
            if (entry.TryGetItem(out var item)) (item.Data as IDisposable)?.Dispose();
            probe.Tell(entry.Unbound is { } unbound ? $"marker {unbound.OwnerName} {unbound.ChannelName}" : $"item {item.N}");
        });
        ReceiveAsync<UseReceiver>(Plain(probe));
    }

    private static Func<UseReceiver, Task> Plain(IActorRef probe) => async use =>
    {
        try
        {
            var item = await use.Receiver.ReceiveAsync();
            (item.Data as IDisposable)?.Dispose();
            probe.Tell($"item {item.N}");
        }
        catch (ItemOwnerClosedException ex)
        {
            probe.Tell($"unbound {ex.OwnerName} {ex.ChannelName} {ex.Item.OwnerNode is null}");
        }
    };
}

public sealed record UseEntries(ChannelReceiver<Item> Receiver);

/// <summary>Items queued on one node whose buffers came from another node that leaves: the channel's rule for unbound items.</summary>
public sealed class RemoteUnboundItemTests : ClusterTestBase
{
    [Fact]
    public async Task When_the_node_an_item_came_from_leaves_each_channel_applies_its_rule_on_the_receiving_node()
    {
        var (a, b) = await StartTwoNodesAsync(fastFailure: true);
        var keep = a.Runtime.CreateChannel<Item>(capacity: null, UnboundItemPolicy.Keep, "keep");
        var remove = a.Runtime.CreateChannel<Item>(capacity: null, UnboundItemPolicy.Remove, "remove");
        var error = a.Runtime.CreateChannel<Item>(capacity: null, UnboundItemPolicy.Error, "error");
        var marker = a.Runtime.CreateChannel<Item>(capacity: null, UnboundItemPolicy.Marker, "marker");
        var receiver = a.Runtime.CreateDomain("receiver");
        var lost = new TaskCompletionSource<OwnerNodeLostEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Exchange.OwnerNodeLost += (_, e) => lost.TrySetResult(e);

        var sender = PlaceOn(a, b, "sender", Props.Create(() => new BufferSender(TestActor)));
        sender.Tell(new SendToEach(keep.Sender, remove.Sender, error.Sender, marker.Sender));
        ExpectMsg("sent", Long);
        Assert.Equal([2, 1, 1, 1], new[] { keep.Count, remove.Count, error.Count, marker.Count });

        await b.KillAsync(); // no leave: the split brain resolver downs it, and node A removes it
        var e = await lost.Task.WaitAsync(Long);
        Assert.Equal((b.Address, 5, 0), (e.Node, e.OrphanedBuffers, e.AbandonedTransfers));

        // Remove (the channel's rule, or the send's): gone at once, and its copy freed on this node.
        Assert.Equal(0, remove.Count);
        Assert.Equal(1, keep.Count);
        var owner = b.Address.ToString();
        var (kept, errorSeen, entry) = await receiver.PeekAsync(async () =>
        {
            var item = await keep.Receiver.ReceiveAsync();
            var proxy = (BufferProxy)item.Data!;
            var whole = (item.N, proxy.IsOrphaned, proxy.Span[0], proxy.Length);
            proxy.Dispose();
            var ex = await Assert.ThrowsAsync<ItemOwnerClosedException>(async () => await error.Receiver.ReceiveAsync());
            return (whole, ex, await marker.Receiver.ReceiveEntryAsync());
        }).WaitAsync(Long);

        Assert.Equal((0, true, (byte)1, 100), kept);  // Keep: today's behaviour, the orphaned copy stays readable
        Assert.Equal(owner, errorSeen.OwnerName);
        Assert.Equal(owner, errorSeen.Item.OwnerNode);
        Assert.Equal("error", errorSeen.ChannelName);
        Assert.Contains($"node {owner}", errorSeen.Message);
        Assert.True(entry.IsUnbound);
        Assert.Equal(owner, entry.Unbound!.OwnerNode);
        Assert.Equal("marker", entry.Unbound.ChannelName);
        Assert.True(error.IsEmpty && marker.IsEmpty && keep.IsEmpty);
        await AwaitEqualAsync(0L, () => a.Exchange.Mirror.GetSharingStats().OwnedBuffers, "the orphaned copies, freed once no item holds them");
    }

    [Fact]
    public async Task A_remote_receive_end_sees_unbound_items_as_a_local_one_an_error_throws_a_marker_entry_is_the_placeholder_and_the_next_receive_gets_the_next_item()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: null, UnboundItemPolicy.Error, "jobs");
        var owner = a.Runtime.CreateDomain("owner");
        var other = a.Runtime.CreateDomain("other");
        foreach (var (from, n) in new[] { (owner, 1), (other, 2) })
        {
            await from.RunAsync(async () =>
            {
                using var buffer = SharedBuffer.Allocate(10);
                await channel.Sender.SendAsync(new Item(n, buffer));
            }).WaitAsync(Long);
        }
        await owner.CloseAsync().WaitAsync(Long); // the drain does not wait for the queued item
        Assert.Equal(2, channel.Count);

        var reader = PlaceOn(a, b, "reader", Props.Create(() => new UnboundReader(TestActor)));
        reader.Tell(new UseReceiver(channel.Receiver));
        ExpectMsg("unbound owner jobs True", Long);
        reader.Tell(new UseReceiver(channel.Receiver));
        ExpectMsg("item 2", Long);
        Assert.True(channel.IsEmpty);

        // Marker: an entry receive on the remote receive end gets the placeholder, then the next item.
        var marks = a.Runtime.CreateChannel<Item>(capacity: null, UnboundItemPolicy.Marker, "marks");
        var owner2 = a.Runtime.CreateDomain("owner2");
        foreach (var (from, n) in new[] { (owner2, 3), (other, 4) })
        {
            await from.RunAsync(async () =>
            {
                using var buffer = SharedBuffer.Allocate(10);
                await marks.Sender.SendAsync(new Item(n, buffer));
            }).WaitAsync(Long);
        }
        await owner2.CloseAsync().WaitAsync(Long);
        reader.Tell(new UseEntries(marks.Receiver));
        ExpectMsg("marker owner2 marks", Long);
        reader.Tell(new UseEntries(marks.Receiver));
        ExpectMsg("item 4", Long);
        await AwaitEqualAsync(0L, () => other.GetSharingStats().BorrowsOut, "the other owner's borrow, released on the receiving node");
    }
}
