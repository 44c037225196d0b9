using ActorInterp.Actors;
using ActorInterp.Cluster.Tests.Support;
using ActorInterp.Sharing;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Cluster.Tests.Actors;

public sealed record Item(int N, object? Data);

public sealed record UseChannel(ChannelSender<Item> Sender, int Count);

/// <summary>Sends items (every third with a buffer it owns) through the send end it is given, then closes it.</summary>
public sealed class Producer : ReceiveActor
{
    public Producer(IActorRef probe) => Receive<UseChannel>(use =>
    {
        probe.Tell($"remote={use.Sender.IsRemote}");
        for (var i = 0; i < use.Count; i++)
        {
            if (i % 3 != 0)
            {
                use.Sender.TrySend(new Item(i, $"plain {i}"));
                continue;
            }
            using var buffer = SharedBuffer.Allocate(1000 + i);
            buffer.Span.Fill((byte)i);
            use.Sender.TrySend(new Item(i, buffer));
        }
        try
        {
            use.Sender.TrySend(new Item(-1, new MemoryStream()));
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
        var nodes = await StartClusterAsync(2);
        var (a, b) = (nodes[0], nodes[1]);
        var channel = a.Runtime.CreateChannel<Item>(capacity: 8);
        var consumer = a.Runtime.CreateDomain("consumer");
        var producerDomain = b.Runtime.CreateDomain("producer");
        var producer = producerDomain.ActorOf(Props.Create(() => new Producer(TestActor)), "producer");
        var remote = DomainActorRef.Resolve(a.Runtime, new RootActorPath(b.Address) / "user" / "producer", producer.DomainId, producer.DomainName);
        const int count = 30;

        var receiving = consumer.CallAsync(async () =>
        {
            var got = new List<string>();
            while (true)
            {
                Item item;
                try
                {
                    item = await channel.Receiver.ReceiveAsync();
                }
                catch (ChannelClosedException)
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
        await AwaitEqualAsync(10L, () => producerDomain.Stats.BuffersFreed, "the producer's buffers freed after the consumer let go");
        await AwaitEqualAsync(0L, () => b.Exchange.Stats.RemoteBorrowsOut, "borrows out from the producer's node");
    }

    [Fact]
    public async Task A_send_end_that_comes_back_to_its_node_is_the_channel_s_own()
    {
        var nodes = await StartClusterAsync(2);
        var (a, b) = (nodes[0], nodes[1]);
        var channel = a.Runtime.CreateChannel<Item>(capacity: null);
        var echo = b.Runtime.CreateDomain("echo").ActorOf(Props.Create(() => new Bouncer()), "bouncer");
        var remote = DomainActorRef.Resolve(a.Runtime, new RootActorPath(b.Address) / "user" / "bouncer", echo.DomainId, echo.DomainName);

        var back = await a.Runtime.CreateDomain("asker").CallAsync(async () =>
            await remote.Ask<UseChannel>(new UseChannel(channel.Sender, 0), Long));
        Assert.False(back.Sender.IsRemote);
        Assert.Same(channel.Sender, back.Sender);
    }
}

/// <summary>Answers with the message it got (its send end travels there and back).</summary>
public sealed class Bouncer : ReceiveActor
{
    public Bouncer() => Receive<UseChannel>(use => Sender.Tell(use));
}
