using ActorInterp.Actors;
using ActorInterp.Cluster;
using ActorInterp.Cluster.Tests.Support;
using ActorInterp.Sharing;
using ActorInterp.TestSupport;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Cluster.Tests.Actors;

public sealed class RemoteActorTests : ClusterTestBase
{
    [Fact]
    public async Task A_shareable_record_told_from_a_domain_on_another_node_reaches_the_actor()
    {
        var (a, b) = await StartTwoNodesAsync();
        var target = a.Runtime.CreateDomain("target").ActorOf(Props.Create(() => new Reporter(TestActor)), "reporter");
        var remote = RemoteRef(b, a, target);
        Assert.True(remote.IsRemote);
        Assert.Equal(a.Address, remote.Node);
        Assert.Null(remote.Domain);

        var sender = b.Runtime.CreateDomain("sender");
        await sender.RunAsync(() => remote.Tell(new Greeting("hi", 42)));
        ExpectMsg("target:hi:42", Long);
    }

    [Fact]
    public async Task Ask_reaches_an_actor_on_another_node_and_gets_its_answer()
    {
        var (a, b) = await StartTwoNodesAsync();
        var target = a.Runtime.CreateDomain("target").ActorOf(Props.Create(() => new Reporter(TestActor)), "reporter");
        var remote = RemoteRef(b, a, target);
        var asker = b.Runtime.CreateDomain("asker");

        var answer = await asker.PeekAsync(async () => (await remote.Ask<Answer>(new Question(21), Long)).Value);
        Assert.Equal(42, answer);
    }

    [Fact]
    public async Task A_DomainActorRef_sent_inside_a_message_to_another_node_is_used_from_there()
    {
        var (a, b) = await StartTwoNodesAsync();
        var there = a.Runtime.CreateDomain("there").ActorOf(Props.Create(() => new Reporter(TestActor)), "there");
        var here = b.Runtime.CreateDomain("here").ActorOf(Props.Create(() => new Reporter(TestActor)), "here");
        var remote = RemoteRef(b, a, there);

        await here.Domain!.RunAsync(() => remote.Tell(new Hello("here", here)));
        ExpectMsg("there got here: remote=True domain=here", Long);
        ExpectMsg("here:from there:7", Long);   // node A told node B's actor through the reference it received
        ExpectMsg("here got back: remote=False domain=here", Long);
        ExpectMsg("home=True", Long);            // and the reference came back as node B's own
    }

    [Fact]
    public async Task An_unshareable_message_to_another_node_is_refused_at_the_Tell()
    {
        var (a, b) = await StartTwoNodesAsync();
        var target = a.Runtime.CreateDomain("target").ActorOf(Props.Create(() => new Reporter(TestActor)), "reporter");
        var remote = RemoteRef(b, a, target);
        var sender = b.Runtime.CreateDomain("sender");

#pragma warning disable AI0003 // a test of the refusal at run time
        var refused = await sender.PeekAsync(() => Assert.Throws<NotShareableException>(() => remote.Tell(new MemoryStream())));
#pragma warning restore AI0003
        Assert.Equal(typeof(MemoryStream), refused.ValueType);
#pragma warning disable AI0003 // a test of the refusal at run time
        var alsoRefused = await sender.PeekAsync(() => Record.Exception(() => remote.Tell(new int[] { 1, 2 })));
#pragma warning restore AI0003
        Assert.IsType<NotShareableException>(alsoRefused);
        await sender.RunAsync(() => remote.Tell(new Greeting("after", 1)));
        ExpectMsg("target:after:1", Long); // nothing refused arrived before it
    }

    [Fact]
    public async Task A_buffer_told_to_an_actor_on_another_node_crosses_once_and_is_freed_after_the_actor_lets_go()
    {
        var (a, b) = await StartTwoNodesAsync();
        var owner = a.Runtime.CreateDomain("owner");
        var target = b.Runtime.CreateDomain("reader").ActorOf(Props.Create(() => new Reporter(TestActor)), "reader");
        var remote = RemoteRef(a, b, target);
        const int length = 300_000; // several chunks
        var expected = await owner.PeekAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(length);
            for (var i = 0; i < length; i++) buffer.Span[i] = Pattern(i);
            remote.Tell(new Blob("one", buffer));
            remote.Tell(new Blob("two", buffer));   // the same buffer again: no second transfer
            return Checksum64.Compute(buffer.ReadOnlySpan);
        });

        ExpectMsg(("one", "reader", length, expected), Long);
        ExpectMsg(("two", "reader", length, expected), Long);
        Assert.Equal(length, a.Exchange.GetStats().BytesShipped);
        Assert.Equal(1, a.Exchange.GetStats().TransfersStarted);
        Assert.Equal(1L, owner.GetSharingStats().BorrowsOut);          // one borrow for the node
        Assert.Equal(0L, owner.GetSharingStats().BuffersFreed);        // the owner let go, the remote actor holds on

        target.Tell(new LetGo());
        ExpectMsg("let go", Long);
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BuffersFreed, "freed at the owner");
        Assert.Equal(1, a.Exchange.GetStats().ReleasesReceived);
        await AwaitEqualAsync(0L, () => b.Exchange.GetStats().LocalCopies, "copies kept on the holder node");
    }

    [Fact]
    public async Task A_message_with_two_buffers_and_a_forwarded_proxy_arrives_whole()
    {
        var (a, b) = await StartTwoNodesAsync();
        var owner = a.Runtime.CreateDomain("owner");
        var middle = a.Runtime.CreateDomain("middle").ActorOf(Props.Create(() => new Forwarder()), "middle");
        var target = b.Runtime.CreateDomain("reader").ActorOf(Props.Create(() => new Reporter(TestActor)), "reader");
        var remote = RemoteRef(a, b, target);
        var sums = await owner.PeekAsync(() =>
        {
            using var first = SharedBuffer.Allocate(70_000);
            using var second = SharedBuffer.Allocate(10);
            for (var i = 0; i < 70_000; i++) first.Span[i] = Pattern(i);
            second.Span.Fill(9);
            // Through a domain actor on the owner's node, which passes its proxies on to the other node.
            middle.Tell(new Forward(remote, new TwoBlobs(first, second)));
            return (Checksum64.Compute(first.ReadOnlySpan), Checksum64.Compute(second.ReadOnlySpan));
        });

        ExpectMsg((70_000, 10, sums.Item1, sums.Item2), Long);
        target.Tell(new LetGo());
        ExpectMsg("let go", Long);
        await AwaitEqualAsync(2L, () => owner.GetSharingStats().BuffersFreed, "both freed at the owner");
    }

    [Fact]
    public async Task A_buffer_told_to_an_actor_that_is_gone_on_the_other_node_comes_back_to_the_owner()
    {
        var (a, b) = await StartTwoNodesAsync();
        var owner = a.Runtime.CreateDomain("owner");
        var reader = b.Runtime.CreateDomain("reader");
        var target = reader.ActorOf(Props.Create(() => new Reporter(TestActor)), "reader");
        var remote = RemoteRef(a, b, target);
        await reader.CloseAsync(Domains.CloseMode.Drain);   // its actors stop with it

        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(100_000);
            remote.Tell(new Blob("lost", buffer));
        });

        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BuffersFreed, "freed at the owner");
        Assert.Equal(1L, b.Exchange.GetStats().DeliveriesFailed);
        await AwaitEqualAsync(0L, () => b.Exchange.GetStats().LocalCopies, "copies kept on the target's node");
    }

    [Fact]
    public async Task A_DomainActorRef_travelling_with_a_buffer_is_used_to_answer()
    {
        var (a, b) = await StartTwoNodesAsync();
        var owner = a.Runtime.CreateDomain("owner");
        var home = owner.ActorOf(Props.Create(() => new Reporter(TestActor)), "home");
        var target = b.Runtime.CreateDomain("reader").ActorOf(Props.Create(() => new Reporter(TestActor)), "reader");
        var remote = RemoteRef(a, b, target);

        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(5_000);
            remote.Tell(new BlobWithReply(buffer, home));
        });

        ExpectMsg("owner:read 5000 bytes in reader:1", Long);   // the answer reached node A's actor through the reference
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BuffersFreed, "freed at the owner once the reader let go");
    }

}

public sealed record Forward(DomainActorRef To, object Message);

/// <summary>Passes a message on, with the proxies it received, and lets go of its own hold.</summary>
public sealed class Forwarder : ReceiveActor
{
    public Forwarder() => Receive<Forward>(f =>
    {
        f.To.Tell(f.Message);
        if (f.Message is TwoBlobs t)
        {
            t.First.Dispose();
            t.Second.Dispose();
        }
    });
}
