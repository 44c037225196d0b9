using ActorInterp.Actors;
using ActorInterp.Cluster.Tests.Support;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using ActorInterp.TestSupport;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Cluster.Tests.Actors;

public sealed record Item(int N, object? Data);

public sealed record UseChannel(ChannelSender<Item> Sender, int Count);

public sealed record UseReceiver(ChannelReceiver<Item> Receiver, bool Keep = false);

/// <summary>
/// Receives through the receive end it is given until the channel reports closed, and answers with what it
/// got (buffers as length, first byte and holder). Keeps the proxies when asked to, until told "let go".
/// </summary>
public sealed class Consumer : ReceiveActor
{
    private readonly List<BufferProxy> _kept = [];

    public Consumer(IActorRef probe)
    {
        ReceiveAsync<UseReceiver>(async use =>
        {
            probe.Tell($"remote={use.Receiver.IsRemote}");
            var got = new List<string>();
            while (true)
            {
                Item item;
                try
                {
                    item = await use.Receiver.ReceiveAsync();
                }
                catch (DomainChannelClosedException)
                {
                    got.Add("closed");
                    break;
                }
                if (item.Data is BufferProxy proxy)
                {
                    got.Add($"{item.N}:{proxy.Length}:{proxy.Span[0]}:{proxy.Span[^1]}:{proxy.Holder.Name}");
                    if (use.Keep) _kept.Add(proxy);
                    else proxy.Dispose();
                }
                else got.Add($"{item.N}:{item.Data}");
            }
            probe.Tell(got.ToArray());
        });
        Receive<string>(s => s == "let go", _ =>
        {
            foreach (var proxy in _kept) proxy.Dispose();
            _kept.Clear();
            probe.Tell("let go");
        });
    }
}

/// <summary>Sends items (every third with a buffer it owns) through the send end it is given, then closes it.</summary>
public sealed class Producer : ReceiveActor
{
    public Producer(IActorRef probe) => ReceiveAsync<UseChannel>(async use =>
    {
        probe.Tell($"remote={use.Sender.IsRemote}");
        for (var i = 0; i < use.Count; i++)
        {
            if (i % 3 != 0)
            {
                // A bounded channel holds a remote sender back too: SendAsync waits for a place in the window.
                await use.Sender.SendAsync(new Item(i, $"plain {i}"));
                continue;
            }
            using var buffer = SharedBuffer.Allocate(1000 + i);
            buffer.Span.Fill((byte)i);
            await use.Sender.SendAsync(new Item(i, buffer));
        }
        try
        {
            await use.Sender.SendAsync(new Item(-1, new MemoryStream()));
        }
        catch (NotShareableException)
        {
            probe.Tell("refused");
        }
        use.Sender.Close();
        probe.Tell("sent");
    });
}

public sealed class RemoteChannelTests : ClusterTestBase
{
    [Fact]
    public async Task A_send_end_handed_to_another_node_delivers_plain_items_and_buffers_in_order()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: 8);
        var consumer = a.Runtime.CreateDomain("consumer");
        var producerDomain = b.Runtime.CreateDomain("producer");
        var producer = producerDomain.ActorOf(Props.Create(() => new Producer(TestActor)), "producer");
        var remote = RemoteRef(a, b, producer);
        const int count = 30;

        var receiving = consumer.PeekAsync(async () =>
        {
            var got = new List<string>();
            while (true)
            {
                Item item;
                try
                {
                    item = await channel.Receiver.ReceiveAsync();
                }
                catch (DomainChannelClosedException)
                {
                    return got;
                }
                if (item.Data is BufferProxy proxy)
                {
                    got.Add($"{item.N}:{proxy.Length}:{proxy.Span[0]}:{proxy.Span[^1]}:{proxy.Holder.Name}");
                    proxy.Dispose();
                }
                else got.Add($"{item.N}:{item.Data}");
            }
        });
        remote.Tell(new UseChannel(channel.Sender, count));   // the send end crosses inside a message

        ExpectMsg("remote=True", Long);
        ExpectMsg("refused", Long);       // an unshareable item is refused at the send, on the sending node
        ExpectMsg("sent", Long);
        var got = await receiving.WaitAsync(Long);
        var expected = Enumerable.Range(0, count)
            .Select(i => i % 3 == 0 ? $"{i}:{1000 + i}:{i}:{i}:consumer" : $"{i}:plain {i}").ToList();
        Assert.Equal(expected, got);      // every item, in the order sent, then the close
        await AwaitEqualAsync(10L, () => producerDomain.GetSharingStats().BuffersFreed, "the producer's buffers freed after the consumer let go");
        await AwaitEqualAsync(0L, () => b.Exchange.GetStats().RemoteBorrowsOut, "borrows out from the producer's node");
    }

    [Fact]
    public async Task A_send_end_that_comes_back_to_its_node_is_the_channel_s_own()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        var remote = PlaceOn(a, b, "bouncer", Props.Create(() => new Bouncer()));

        var back = await a.Runtime.CreateDomain("asker").PeekAsync(async () =>
            await remote.Ask<UseChannel>(new UseChannel(channel.Sender, 0), Long));
        Assert.False(back.Sender.IsRemote);
        Assert.Same(channel.Sender, back.Sender);
    }
}

public sealed class RemoteReceiveTests : ClusterTestBase
{
    private static string Expected(int i, string holder) => i % 3 == 0 ? $"{i}:{1000 + i}:{i}:{i}:{holder}" : $"{i}:plain {i}";

    /// <summary>Sends <paramref name="count"/> items from a domain of the channel's node (every third with a buffer), then closes the send end.</summary>
    private static Task ProduceAsync(Domain producer, DomainChannel<Item> channel, int count, bool close = true) => producer.RunAsync(async () =>
    {
        for (var i = 0; i < count; i++)
        {
            if (i % 3 != 0)
            {
                await channel.Sender.SendAsync(new Item(i, $"plain {i}"));
                continue;
            }
            using var buffer = SharedBuffer.Allocate(1000 + i);
            buffer.Span.Fill((byte)i);
            await channel.Sender.SendAsync(new Item(i, buffer));
        }
        if (close) channel.Sender.Close();
    });

    private DomainActorRef ConsumerOn(TestNode from, TestNode on, string name) =>
        PlaceOn(from, on, name, Props.Create(() => new Consumer(TestActor)));

    [Fact]
    public async Task A_receive_end_handed_to_another_node_receives_plain_items_and_buffers_in_order()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: 4);
        var producer = a.Runtime.CreateDomain("producer");
        var consumer = ConsumerOn(a, b, "consumer");
        const int count = 24;

        consumer.Tell(new UseReceiver(channel.Receiver));     // the receive end crosses inside a message
        ExpectMsg("remote=True", Long);
        await ProduceAsync(producer, channel, count).WaitAsync(Long);   // a bounded channel: the remote receiver makes room

        var got = ExpectMsg<string[]>(Long);
        var expected = Enumerable.Range(0, count).Select(i => Expected(i, "consumer")).Append("closed").ToArray();
        Assert.Equal(expected, got);      // every item, in order, opened in the receiving domain; then the close
        await AwaitEqualAsync(8L, () => producer.GetSharingStats().BuffersFreed, "the producer's buffers freed after the remote receiver let go");
        await AwaitEqualAsync(0L, () => a.Exchange.GetStats().RemoteBorrowsOut, "borrows out from the channel's node");
    }

    [Fact]
    public async Task Local_and_remote_receivers_get_each_item_exactly_once()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        var producer = a.Runtime.CreateDomain("producer");
        const int count = 60;
        await ProduceAsync(producer, channel, count, close: false).WaitAsync(Long);

        var local = ConsumerOn(a, a, "local");
        var remote1 = ConsumerOn(a, b, "remote1");
        var remote2 = ConsumerOn(a, b, "remote2");
        foreach (var consumer in new[] { local, remote1, remote2 }) consumer.Tell(new UseReceiver(channel.Receiver));
        var remoteness = ReceiveN(3, Long).Cast<string>().OrderBy(s => s).ToArray();
        Assert.Equal(["remote=False", "remote=True", "remote=True"], remoteness);
        channel.Sender.Close();

        var lists = ReceiveN(3, Long).Cast<string[]>().ToArray();
        Assert.All(lists, list => Assert.Equal("closed", list[^1]));
        var items = lists.SelectMany(list => list[..^1]).ToList();
        var numbers = items.Select(s => int.Parse(s[..s.IndexOf(':')])).ToList();
        Assert.Equal(count, numbers.Count);                          // nothing received twice ...
        Assert.Equal(Enumerable.Range(0, count), numbers.Order());   // ... and nothing lost
        foreach (var list in lists)
        {
            var mine = list[..^1].Select(s => int.Parse(s[..s.IndexOf(':')])).ToList();
            Assert.Equal(mine.Order(), mine);                        // each receiver sees its items in channel order
        }
        await AwaitEqualAsync(20L, () => producer.GetSharingStats().BuffersFreed, "the producer's buffers freed");
    }

    [Fact]
    public async Task A_remote_receive_on_a_closed_channel_fails_with_ChannelClosedException()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        channel.Close();
        var consumer = ConsumerOn(a, b, "consumer");

        consumer.Tell(new UseReceiver(channel.Receiver));
        ExpectMsg("remote=True", Long);
        Assert.Equal(["closed"], ExpectMsg<string[]>(Long));
    }

    [Fact]
    public async Task The_owner_s_buffers_are_freed_only_after_the_remote_receiver_disposes_its_proxies()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        var producer = a.Runtime.CreateDomain("producer");
        var consumer = ConsumerOn(a, b, "consumer");
        await ProduceAsync(producer, channel, 6).WaitAsync(Long);

        consumer.Tell(new UseReceiver(channel.Receiver, Keep: true));
        ExpectMsg("remote=True", Long);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => Expected(i, "consumer")).Append("closed"), ExpectMsg<string[]>(Long));
        Assert.Equal(0L, producer.GetSharingStats().BuffersFreed);    // the remote receiver still holds proxies on both buffers
        Assert.True(a.Exchange.GetStats().RemoteBorrowsOut > 0);

        consumer.Tell("let go");
        ExpectMsg("let go", Long);
        await AwaitEqualAsync(2L, () => producer.GetSharingStats().BuffersFreed, "the producer's buffers freed after the remote receiver disposed");
        await AwaitEqualAsync(0L, () => a.Exchange.GetStats().RemoteBorrowsOut, "borrows out from the channel's node");
    }

    [Fact]
    public async Task A_remote_TryReceive_answers_at_once_and_Receive_with_a_timeout_waits_for_an_item()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        var remote = PlaceOn(a, b, "poller", Props.Create(() => new Poller(TestActor, Long)));

        remote.Tell(new UseReceiver(channel.Receiver));
        ExpectMsg("try=false", Long);     // nothing fetched here yet: it returns at once (and has the next item fetched)
        channel.Sender.TrySend(new Item(1, "one"));
        channel.Sender.TrySend(new Item(2, "two"));
        ExpectMsg("got 1:one", Long);     // the blocking receive was waiting and took the first item
        ExpectMsg("try=false", Long);     // the second is queued on the channel's node, not here: no wait for it
        ExpectMsg("got 2:two", Long);     // the timed receive takes what that try fetched
        channel.Sender.Release();
    }

    [Fact]
    public async Task A_remote_Close_refuses_a_non_empty_channel_unless_forced()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        var producer = a.Runtime.CreateDomain("producer");
        await ProduceAsync(producer, channel, 3, close: false).WaitAsync(Long);
        var remote = PlaceOn(a, b, "closer", Props.Create(() => new Closer(TestActor)));

        remote.Tell(new UseReceiver(channel.Receiver));
        ExpectMsg("not empty: 3", Long);   // nothing changed on the channel's node
        ExpectMsg("closed", Long);
        Assert.True(channel.Receiver.IsClosed);
        await AwaitEqualAsync(1L, () => producer.GetSharingStats().BuffersFreed, "the dropped item's buffer freed");
    }

    [Fact]
    public async Task A_receive_end_that_comes_back_to_its_node_is_the_channel_s_own()
    {
        var (a, b) = await StartTwoNodesAsync();
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        var remote = PlaceOn(a, b, "bouncer", Props.Create(() => new Bouncer()));

        var back = await a.Runtime.CreateDomain("asker").PeekAsync(async () =>
            await remote.Ask<UseReceiver>(new UseReceiver(channel.Receiver), Long));
        Assert.False(back.Receiver.IsRemote);
        Assert.Same(channel.Receiver, back.Receiver);
    }
}

/// <summary>Answers with the message it got (its send end travels there and back).</summary>
public sealed class Bouncer : ReceiveActor
{
    public Bouncer()
    {
        Receive<UseChannel>(use => Sender.Tell(use));
        Receive<UseReceiver>(use => Sender.Tell(use));
    }
}

/// <summary>Twice: tries a receive, then blocks on a timed receive, reporting each.</summary>
public sealed class Poller : ReceiveActor
{
    public Poller(IActorRef probe, TimeSpan timeout) => Receive<UseReceiver>(use =>
    {
        for (var i = 0; i < 2; i++)
        {
            probe.Tell(use.Receiver.TryReceive(out var tried) ? $"try {tried.N}:{tried.Data}" : "try=false");
            var item = use.Receiver.Receive(timeout);
            probe.Tell($"got {item.N}:{item.Data}");
        }
    });
}

/// <summary>Closes the receive end it is given, first without force, then with it, reporting each.</summary>
public sealed class Closer : ReceiveActor
{
    public Closer(IActorRef probe) => Receive<UseReceiver>(use =>
    {
        try
        {
            use.Receiver.Close();
            probe.Tell("closed without force");
        }
        catch (ChannelNotEmptyException ex)
        {
            probe.Tell($"not empty: {ex.Count}");
        }
        use.Receiver.Close(force: true);
        probe.Tell(use.Receiver.IsClosed ? "closed" : "still open");
    });
}
