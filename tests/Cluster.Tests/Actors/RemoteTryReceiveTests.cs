using ActorInterp.Actors;
using ActorInterp.Cluster.Tests.Support;
using ActorInterp.TestSupport;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Cluster.Tests.Actors;

/// <summary>Hands the receive end it is given (deserialized on its node: a remote one there) to the test.</summary>
public sealed class Keeper : ReceiveActor
{
    public Keeper(TaskCompletionSource<ChannelReceiver<Item>> kept) => Receive<UseReceiver>(use => kept.TrySetResult(use.Receiver));
}

public sealed class RemoteTryReceiveTests : ClusterTestBase
{
    private int _keepers;

    /// <summary>The receive end <paramref name="receiver"/> as a domain of node <paramref name="on"/> gets it in a message.</summary>
    private async Task<ChannelReceiver<Item>> KeepOnAsync(TestNode from, TestNode on, ChannelReceiver<Item> receiver)
    {
        var kept = new TaskCompletionSource<ChannelReceiver<Item>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var keeper = PlaceOn(from, on, $"keeper-{++_keepers}", Props.Create(() => new Keeper(kept)));
        keeper.Tell(new UseReceiver(receiver));
        var end = await kept.Task.WaitAsync(Long);
        Assert.True(end.IsRemote);
        return end;
    }

    /// <summary>Sends item <paramref name="n"/> with a buffer of 100 + n bytes, all <paramref name="n"/>, from <paramref name="producer"/>.</summary>
    private static Task SendBufferAsync(Domain producer, DomainChannel<Item> channel, int n) => producer.RunAsync(async () =>
    {
        using var buffer = SharedBuffer.Allocate(100 + n);
        buffer.Span.Fill((byte)n);
        await channel.Sender.SendAsync(new Item(n, buffer));
    });

    /// <summary>What the receiving domain got (a buffer as its length, first byte and holder, then let go of).</summary>
    private static string Describe(Item item)
    {
        if (item.Data is not BufferProxy proxy) return $"{item.N}:{item.Data}";
        using (proxy) return $"{item.N}:{proxy.Length}:{proxy.Span[0]}:{proxy.Holder.Name}";
    }

    private static Task<string?> TryReceiveAsync(Domain taker, ChannelReceiver<Item> end) =>
        taker.PeekAsync(() => end.TryReceive(out var item) ? Describe(item) : null);

    /// <summary>Tries to receive in <paramref name="taker"/> until an item comes (at most the test's long wait).</summary>
    private async Task<string> PollAsync(Domain taker, ChannelReceiver<Item> end)
    {
        string? got = null;
        await AwaitAssertAsync(async () =>
        {
            got = await TryReceiveAsync(taker, end);
            Assert.NotNull(got);
        }, Long, TimeSpan.FromMilliseconds(20));
        return got!;
    }

    /// <summary>Tries to receive in <paramref name="taker"/> until the channel reports closed; fails if an item comes instead.</summary>
    private async Task AwaitClosedAsync(Domain taker, ChannelReceiver<Item> end)
    {
        var extra = new List<string>();
        await AwaitAssertAsync(async () =>
        {
            var outcome = await taker.PeekAsync(() =>
            {
                try
                {
                    return end.TryReceive(out var item) ? Describe(item) : "nothing";
                }
                catch (DomainChannelClosedException)
                {
                    return "closed";
                }
            });
            if (outcome != "nothing" && outcome != "closed") extra.Add(outcome);
            Assert.Equal("closed", outcome);
        }, Long, TimeSpan.FromMilliseconds(20));
        Assert.Empty(extra);
    }

    [Fact]
    public async Task A_remote_TryReceive_returns_false_at_once_while_the_channel_s_node_cannot_answer()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        Assert.True(channel.Sender.TrySend(new Item(1, "one")));
        var end = await KeepOnAsync(a, b, channel.Receiver);
        var taker = b.Runtime.CreateDomain("taker");

        // The outlet's domain on the channel's node is busy: nothing can answer from there until it is let go.
        var outletDomain = a.Runtime.GetDomain(a.Exchange.ChannelPorts.OutletFor(channel).DomainId)!;
        using var letGo = new ManualResetEventSlim();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = outletDomain.RunAsync(() =>
        {
            held.SetResult();
            letGo.Wait(Long);
        });
        await held.Task.WaitAsync(Long);
        try
        {
            Assert.Null(await TryReceiveAsync(taker, end).WaitAsync(Long));   // returned without an answer: no round trip
            Assert.Equal(1, channel.Count);                                    // the item is still queued on its node
        }
        finally
        {
            letGo.Set();
        }
        await holding.WaitAsync(Long);

        Assert.Equal("1:one", await PollAsync(taker, end));   // the fetch that try started brought it
        Assert.Equal(0, channel.Count);
    }

    [Fact]
    public async Task A_remote_TryReceive_polled_after_items_were_sent_returns_each_once_in_order_in_any_domain_of_its_node()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        var producer = a.Runtime.CreateDomain("producer");
        var end = await KeepOnAsync(a, b, channel.Receiver);
        var first = b.Runtime.CreateDomain("first");
        var second = b.Runtime.CreateDomain("second");
        await SendBufferAsync(producer, channel, 0);
        Assert.True(channel.Sender.TrySend(new Item(1, "one")));
        await SendBufferAsync(producer, channel, 2);

        Assert.Null(await TryReceiveAsync(first, end));   // queued on the channel's node, not here yet: it does not wait
        var got = new List<string>();
        for (var i = 0; i < 3; i++) got.Add(await PollAsync(second, end));   // the item fetched for "first" opens in "second"

        Assert.Equal(["0:100:0:second", "1:one", "2:102:2:second"], got);
        Assert.Equal(0, channel.Count);
        channel.Sender.Close();
        await AwaitClosedAsync(first, end);   // and nothing came twice
        await AwaitEqualAsync(2L, () => producer.GetSharingStats().BuffersFreed, "the producer's buffers freed after the receiver let go");
        await AwaitEqualAsync(0L, () => a.Exchange.GetStats().RemoteBorrowsOut, "borrows out from the channel's node");
    }

    [Fact]
    public async Task Remote_TryReceives_that_drain_the_channel_fetch_twice_as_many_items_each_time()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        var end = await KeepOnAsync(a, b, channel.Receiver);
        var taker = b.Runtime.CreateDomain("taker");
        for (var i = 0; i < 7; i++) Assert.True(channel.Sender.TrySend(new Item(i, "x")));
        var got = new List<string>();

        foreach (var (fetch, left) in new[] { (1, 6), (2, 4), (4, 0) })
        {
            Assert.Null(await TryReceiveAsync(taker, end));   // all taken that came: the next fetch starts
            await AwaitEqualAsync(left, () => channel.Count, $"items left on the channel's node after a fetch of {fetch}");
            for (var i = 0; i < fetch; i++) got.Add(await PollAsync(taker, end));
        }

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"{i}:x"), got);
    }

    [Fact]
    public async Task A_remote_TryReceive_outside_every_domain_leaves_an_item_with_buffers_for_a_domain()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        var producer = a.Runtime.CreateDomain("producer");
        var end = await KeepOnAsync(a, b, channel.Receiver);
        var taker = b.Runtime.CreateDomain("taker");
        Assert.True(channel.Sender.TrySend(new Item(1, "one")));
        await SendBufferAsync(producer, channel, 2);

        Assert.False(end.TryReceive(out _));   // this test's thread runs outside every domain
        string? plain = null;
        await AwaitAssertAsync(() =>
        {
            Assert.True(end.TryReceive(out var item));
            plain = Describe(item);
        }, Long, TimeSpan.FromMilliseconds(20));
        Assert.Equal("1:one", plain);          // a plain item can be received anywhere
        await AwaitAssertAsync(() => Assert.Throws<WrongDomainException>(() => end.TryReceive(out _)), Long, TimeSpan.FromMilliseconds(20));

        Assert.Equal("2:102:2:taker", await TryReceiveAsync(taker, end));   // the refused item stayed, here: no wait
        await AwaitEqualAsync(1L, () => producer.GetSharingStats().BuffersFreed, "the producer's buffer freed after the receiver let go");
    }

    [Fact]
    public async Task An_item_fetched_ahead_goes_back_to_the_channel_when_the_receive_end_is_closed_through_its_node()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        var producer = a.Runtime.CreateDomain("producer");
        var end = await KeepOnAsync(a, b, channel.Receiver);
        var closer = b.Runtime.CreateDomain("closer");
        var other = b.Runtime.CreateDomain("other");
        await SendBufferAsync(producer, channel, 7);

        Assert.Null(await TryReceiveAsync(closer, end));
        await AwaitEqualAsync(0, () => channel.Count, "the item taken from the channel for the fetch");
        var outcome = await closer.PeekAsync(() =>
        {
            try
            {
                end.Close();
                return "closed";
            }
            catch (ChannelNotEmptyException ex)
            {
                return $"not empty: {ex.Count}";
            }
        });

        Assert.Equal("not empty: 1", outcome);   // the fetched item went back first, and the close counted it
        Assert.False(end.IsClosed);
        var got = await other.PeekAsync(async () => Describe(await end.ReceiveAsync())).WaitAsync(Long);
        Assert.Equal("7:107:7:other", got);      // another receiver gets it, once
        await closer.RunAsync(() => end.Close()).WaitAsync(Long);   // empty now
        Assert.True(channel.Receiver.IsClosed);
        await AwaitEqualAsync(1L, () => producer.GetSharingStats().BuffersFreed, "the producer's buffer freed after the receiver let go");
        await AwaitEqualAsync(0L, () => a.Exchange.GetStats().RemoteBorrowsOut, "borrows out from the channel's node");
    }

    [Fact]
    public async Task An_item_fetched_ahead_goes_back_to_the_channel_when_its_node_s_exchange_stops()
    {
        var nodes = await StartClusterAsync(3);
        var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        var producer = a.Runtime.CreateDomain("producer");
        var onB = await KeepOnAsync(a, b, channel.Receiver);
        var onC = await KeepOnAsync(a, c, channel.Receiver);
        var takerB = b.Runtime.CreateDomain("taker-b");
        var takerC = c.Runtime.CreateDomain("taker-c");
        await SendBufferAsync(producer, channel, 5);

        Assert.Null(await TryReceiveAsync(takerB, onB));
        await AwaitEqualAsync(0, () => channel.Count, "the item taken from the channel for the fetch");
        await b.Exchange.DisposeAsync().AsTask().WaitAsync(Long);

        var got = await takerC.PeekAsync(async () => Describe(await onC.ReceiveAsync())).WaitAsync(Long);
        Assert.Equal("5:105:5:taker-c", got);    // the item went back before the exchange stopped
        channel.Sender.Close();
        await AwaitClosedAsync(takerC, onC);     // and nothing came twice
        // (B's copy of the buffer is reclaimed only when B leaves the cluster: its exchange no longer releases it.)
    }

    [Fact]
    public async Task An_item_fetched_ahead_that_nobody_takes_goes_back_to_the_channel_after_the_hold()
    {
        var nodes = await StartClusterAsync(3, options: _ => new ClusterExchangeOptions { FetchedItemHold = Dilated(TimeSpan.FromMilliseconds(500)) });
        var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        var producer = a.Runtime.CreateDomain("producer");
        var onB = await KeepOnAsync(a, b, channel.Receiver);
        var onC = await KeepOnAsync(a, c, channel.Receiver);
        var takerB = b.Runtime.CreateDomain("taker-b");
        var takerC = c.Runtime.CreateDomain("taker-c");
        await SendBufferAsync(producer, channel, 3);

        Assert.Null(await TryReceiveAsync(takerB, onB));
        await AwaitEqualAsync(0, () => channel.Count, "the item taken from the channel for the fetch");
        var got = await takerC.PeekAsync(async () => Describe(await onC.ReceiveAsync())).WaitAsync(Long);

        Assert.Equal("3:103:3:taker-c", got);    // nobody on B took it: it went back, and C's receive got it
        channel.Sender.Close();
        await AwaitClosedAsync(takerB, onB);     // B never gets it too
        await AwaitEqualAsync(1L, () => producer.GetSharingStats().BuffersFreed, "the producer's buffer freed after the receiver let go");
    }
}
