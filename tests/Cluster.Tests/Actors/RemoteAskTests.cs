using ActorInterp.Actors;
using ActorInterp.Cluster;
using ActorInterp.Cluster.Tests.Support;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using ActorInterp.TestSupport;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Cluster.Tests.Actors;

public sealed record BlobSummary(string Name, string Holder, int Length, ulong Checksum);

public sealed record Echo(IReadOnlyBuffer Data);

public sealed record PassOn(DomainActorRef To, object Question);

/// <summary>Answers questions with and about buffers; never answers "silence".</summary>
public sealed class BufferAnswerer : ReceiveActor
{
    public BufferAnswerer()
    {
        Receive<Blob>(b =>
        {
            using var proxy = (BufferProxy)b.Data;
            Sender.Tell(new BlobSummary(b.Name, proxy.Holder.Name, proxy.Length, Checksum64.Compute(proxy.Span)));
        });
        Receive<Question>(q =>
        {
            using var buffer = SharedBuffer.Allocate(q.Value);
            for (var i = 0; i < q.Value; i++) buffer.Span[i] = (byte)(i * 7);
            Sender.Tell(new Blob($"made by {Domain.Current!.Name}", buffer));   // lent to the asker; freed here once it lets go
        });
        Receive<Echo>(e =>
        {
            using var proxy = (BufferProxy)e.Data;
            Sender.Tell(new Blob("echo", proxy));   // the proxy of a copy, passed back to the asking node
        });
        Receive<PassOn>(p => p.To.Forward(p.Question));   // the asker's answer comes from the next actor
        Receive<string>(s => s == "silence", _ => { });
        Receive<string>(s => s == "later", _ => _later = Sender);
        Receive<string>(s => s == "holding?", _ => Sender.Tell(_later is not null));
        Receive<string>(s => s == "answer now", _ =>
        {
            using var buffer = SharedBuffer.Allocate(50_000);
            _later!.Tell(new Blob("late", buffer));
            Sender.Tell("answered");
        });
    }

    private IActorRef? _later;
}

public sealed class RemoteAskTests : ClusterTestBase
{
    private static ulong Made(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++) bytes[i] = (byte)(i * 7);
        return Checksum64.Compute(bytes);
    }

    private static BlobSummary Read(Blob answer)
    {
        using var proxy = (BufferProxy)answer.Data;
        return new BlobSummary(answer.Name, proxy.Holder.Name, proxy.Length, Checksum64.Compute(proxy.Span));
    }

    [Fact]
    public async Task An_Ask_to_another_node_carries_a_buffer_in_its_question()
    {
        var (a, b) = await StartTwoNodesAsync();
        var answerer = PlaceOn(b, a, "answerer", Props.Create(() => new BufferAnswerer()));
        var asker = b.Runtime.CreateDomain("asker");
        const int length = 250_000; // several chunks

        var (summary, expected) = await asker.PeekAsync(async () =>
        {
            using var buffer = SharedBuffer.Allocate(length);
            for (var i = 0; i < length; i++) buffer.Span[i] = Pattern(i);
            var sum = Checksum64.Compute(buffer.ReadOnlySpan);
            return (await answerer.Ask<BlobSummary>(new Blob("question", buffer), Long), sum);
        });

        Assert.Equal(new BlobSummary("question", "answerer", length, expected), summary);   // read on node A
        await AwaitEqualAsync(1L, () => asker.GetSharingStats().BuffersFreed, "the question's buffer, freed by its owner once the answerer let go");
        await AwaitEqualAsync(0L, () => b.Exchange.GetStats().RemoteBorrowsOut, "borrows out from the asking node");
    }

    [Fact]
    public async Task An_answer_from_another_node_carries_a_buffer_that_the_asking_domain_opens()
    {
        var (a, b) = await StartTwoNodesAsync();
        var answererDomain = a.Runtime.CreateDomain("answerer");
        var answerer = RemoteRef(b, a, answererDomain.ActorOf(Props.Create(() => new BufferAnswerer()), "answerer"));
        var asker = b.Runtime.CreateDomain("asker");
        const int length = 300_000;

        var summary = await asker.PeekAsync(async () => Read(await answerer.Ask<Blob>(new Question(length), Long)));

        Assert.Equal(new BlobSummary("made by answerer", "asker", length, Made(length)), summary);   // a proxy owned by the asker
        Assert.Equal(length, a.Exchange.GetStats().BytesShipped);
        await AwaitEqualAsync(1L, () => answererDomain.GetSharingStats().BuffersFreed, "the answer's buffer, freed by its owner once the asker let go");
        await AwaitEqualAsync(0L, () => a.Exchange.GetStats().RemoteBorrowsOut, "borrows out from the answering node");
        await AwaitEqualAsync(0L, () => b.Exchange.GetStats().LocalCopies, "copies kept on the asking node");
    }

    [Fact]
    public async Task A_buffer_asked_there_and_answered_back_returns_whole_and_is_freed_by_its_owner()
    {
        var (a, b) = await StartTwoNodesAsync();
        var answerer = PlaceOn(b, a, "answerer", Props.Create(() => new BufferAnswerer()));
        var asker = b.Runtime.CreateDomain("asker");
        const int length = 140_000;

        var (summary, expected) = await asker.PeekAsync(async () =>
        {
            using var buffer = SharedBuffer.Allocate(length);
            for (var i = 0; i < length; i++) buffer.Span[i] = Pattern(i);
            var answer = await answerer.Ask<Blob>(new Echo(buffer), Long);
            return (Read(answer), Checksum64.Compute(buffer.ReadOnlySpan));
        });

        Assert.Equal(new BlobSummary("echo", "asker", length, expected), summary);
        await AwaitEqualAsync(1L, () => asker.GetSharingStats().BuffersFreed, "the buffer, freed by its owner after it came back and was let go");
        await AwaitEqualAsync(0L, () => a.Exchange.GetStats().RemoteBorrowsOut + b.Exchange.GetStats().RemoteBorrowsOut, "borrows out between the nodes");
        await AwaitEqualAsync(0L, () => a.Exchange.GetStats().LocalCopies + b.Exchange.GetStats().LocalCopies, "copies kept on either node");
    }

    [Fact]
    public async Task A_question_forwarded_to_a_third_node_is_answered_with_a_buffer_from_there()
    {
        var nodes = await StartClusterAsync(3);
        var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
        var relay = PlaceOn(b, a, "relay", Props.Create(() => new BufferAnswerer()));
        var maker = c.Runtime.CreateDomain("maker");
        var makerOnA = RemoteRef(a, c, maker.ActorOf(Props.Create(() => new BufferAnswerer()), "maker"));
        var asker = b.Runtime.CreateDomain("asker");

        var summary = await asker.PeekAsync(async () => Read(await relay.Ask<Blob>(new PassOn(makerOnA, new Question(70_000)), Long)));

        Assert.Equal(new BlobSummary("made by maker", "asker", 70_000, Made(70_000)), summary);
        await AwaitEqualAsync(1L, () => maker.GetSharingStats().BuffersFreed, "the answer's buffer, freed on the third node");
    }

    [Fact]
    public async Task An_answer_with_buffers_to_an_Ask_from_outside_every_domain_fails_the_Ask_and_comes_back()
    {
        var (a, b) = await StartTwoNodesAsync();
        var answererDomain = a.Runtime.CreateDomain("answerer");
        var answerer = RemoteRef(b, a, answererDomain.ActorOf(Props.Create(() => new BufferAnswerer()), "answerer"));

        var refused = await Assert.ThrowsAsync<NotShareableException>(() => answerer.Ask<Blob>(new Question(1_000), Long).WaitAsync(Long));
        Assert.Contains("outside every domain", refused.Message);
        await AwaitEqualAsync(1L, () => answererDomain.GetSharingStats().BuffersFreed, "the answer's buffer, back with its owner");
    }

    [Fact]
    public async Task An_answer_with_buffers_that_comes_after_the_Ask_timed_out_gives_its_buffers_back()
    {
        var (a, b) = await StartTwoNodesAsync();
        var answererDomain = a.Runtime.CreateDomain("answerer");
        var local = answererDomain.ActorOf(Props.Create(() => new BufferAnswerer()), "answerer");
        var answerer = RemoteRef(b, a, local);
        var asker = b.Runtime.CreateDomain("asker");

        await Assert.ThrowsAsync<AskTimeoutException>(() =>
            asker.PeekAsync(() => answerer.Ask<Blob>("later", Dilated(TimeSpan.FromMilliseconds(300)))));
        await AwaitAssertAsync(async () => Assert.True(await local.Ask<bool>("holding?", Long)), Long);
        Assert.Equal("answered", await local.Ask<string>("answer now", Long));

        await AwaitEqualAsync(1L, () => answererDomain.GetSharingStats().BuffersFreed, "the late answer's buffer, back with its owner");
        await AwaitEqualAsync(0L, () => a.Exchange.GetStats().RemoteBorrowsOut, "borrows out from the answering node");
        await AwaitEqualAsync(0L, () => b.Exchange.GetStats().LocalCopies, "copies kept on the asking node");
    }

    [Fact]
    public async Task An_Ask_whose_node_is_killed_fails_when_the_node_is_downed_not_at_its_timeout()
    {
        var (a, b) = await StartTwoNodesAsync(fastFailure: true);
        var answerer = PlaceOn(b, a, "answerer", Props.Create(() => new BufferAnswerer()));
        var asker = b.Runtime.CreateDomain("asker");
        var asked = asker.PeekAsync(() => answerer.Ask<Answer>("silence"));   // no timeout: it would wait for ever

        await a.KillAsync();

        var gone = await Assert.ThrowsAsync<DomainClosedException>(() => asked.WaitAsync(Long));
        Assert.Contains("left the cluster", gone.Message);
    }

    [Fact]
    public async Task Waits_on_other_nodes_fail_when_this_node_s_exchange_stops()
    {
        var (a, b) = await StartTwoNodesAsync();
        var answerer = PlaceOn(b, a, "answerer", Props.Create(() => new BufferAnswerer()));
        var channel = a.Runtime.CreateChannel<Item>(capacity: 1);
        var keeper = PlaceOn(a, b, "keeper", Props.Create(() => new EndKeeper(TestActor)));
        keeper.Tell(new UseReceiver(channel.Receiver));
        var receiver = ExpectMsg<ChannelReceiver<Item>>(Long);
        var asker = b.Runtime.CreateDomain("asker");
        var delivered = a.Exchange.GetStats().DeliveriesReceived;
        var asked = asker.PeekAsync(() => answerer.Ask<Answer>("silence"));   // never answered
        var receiving = asker.PeekAsync(() => receiver.ReceiveAsync().AsTask());   // nothing to receive
        await AwaitEqualAsync(delivered + 1, () => a.Exchange.GetStats().DeliveriesReceived, "the receive's request, at the channel's node");
        Assert.False(asked.IsCompleted || receiving.IsCompleted);

        await b.Exchange.DisposeAsync();

        var stopped = await Assert.ThrowsAsync<ObjectDisposedException>(() => asked.WaitAsync(Long));
        Assert.Contains("stopped before", stopped.Message);
        var closed = await Assert.ThrowsAsync<DomainChannelClosedException>(() => receiving.WaitAsync(Long));
        Assert.Contains("exchange of this node stopped", closed.Message);
    }

    [Fact]
    public async Task A_message_without_buffers_told_after_one_with_buffers_arrives_after_it()
    {
        var (a, b) = await StartTwoNodesAsync();
        var owner = a.Runtime.CreateDomain("owner");
        var target = PlaceOn(a, b, "reader", Props.Create(() => new Reporter(TestActor)));
        const int length = 4 << 20; // its bytes take many chunk windows; plain remoting would not wait for them

        var expected = await owner.PeekAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(length);
            for (var i = 0; i < length; i++) buffer.Span[i] = Pattern(i);
            target.Tell(new Blob("big", buffer));
            target.Tell(new Greeting("after the big one", 1));
            return Checksum64.Compute(buffer.ReadOnlySpan);
        });

        ExpectMsg(("big", "reader", length, expected), Long);
        ExpectMsg("reader:after the big one:1", Long);
        // Once the message with buffers is in the target's mailbox, plain messages take plain remoting again.
        await AwaitConditionAsync(() => Task.FromResult(!a.Exchange.KeepsOrderThroughExchange(target.Path)), Long);
        await owner.RunAsync(() => target.Tell(new Greeting("direct", 2)));
        ExpectMsg("reader:direct:2", Long);
    }
}
