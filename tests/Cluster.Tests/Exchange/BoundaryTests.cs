using ActorInterp.Cluster;
using ActorInterp.Cluster.Tests.Support;
using ActorInterp.Sharing;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Cluster.Tests.Exchange;

/// <summary>Forged, duplicated and malformed protocol messages sent over real remoting.</summary>
public sealed class BoundaryTests : ClusterTestBase
{
    [Fact]
    public async Task Forged_and_duplicated_releases_are_counted_and_ignored_and_nothing_is_freed_early()
    {
        var nodes = await StartClusterAsync(3);
        var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.CopyOf(Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray());
            a.Exchange.Share(buffer, holder.Endpoint);
        });
        await AwaitEqualAsync(1, () => holder.Received.Count, "deliveries");
        var lease = (await a.Exchange.InspectAsync()).Leases.Single().Lease;
        var fromB = CreateTestProbe(b.System).Ref;
        var fromC = CreateTestProbe(c.System).Ref;

        // From B, the borrowing node: more deliveries than it was sent (a release of more than it borrowed).
        ExchangeOf(a, b).Tell(new Release(lease, 5), fromB);
        // From C, a node that borrowed nothing: a release of B's lease.
        ExchangeOf(a, c).Tell(new Release(lease, 1), fromC);
        // From C: a release of a lease that never existed.
        ExchangeOf(a, c).Tell(new Release(lease + 1000, 1), fromC);
        await AwaitEqualAsync(3L, () => a.Exchange.GetStats().ReleasesRejected, "rejected releases");

        // The holder still reads, and the owner still keeps the memory.
        Assert.Equal((byte)(999 % 256), (await holder.ReadAsync(p => p.Span[999])).Single());
        Assert.Equal(0L, owner.GetSharingStats().BuffersFreed);
        Assert.Equal(1L, a.Exchange.GetStats().RemoteBorrowsOut);

        await holder.ReleaseAllAsync();
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BuffersFreed, "freed after the genuine release");
        // The same release again, from the right node: a duplicate.
        ExchangeOf(a, b).Tell(new Release(lease, 1), fromB);
        await AwaitEqualAsync(4L, () => a.Exchange.GetStats().ReleasesRejected, "rejected releases");
        Assert.Equal(1L, a.Exchange.GetStats().ReleasesReceived);
    }

    [Fact]
    public async Task Chunks_that_break_the_offer_are_rejected_and_the_transfer_fails_cleanly()
    {
        var (a, b) = await StartTwoNodesAsync();
        var sender = CreateTestProbe(a.System).Ref; // on a member node, as the real owner node's exchange is
        var target = ExchangeOf(b, a);
        var data = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        var first = data.AsMemory(0, 65536);
        var second = data.AsMemory(65536);
        var sum = Checksum64.Compute(data);

        // A chunk whose checksum is wrong.
        target.Tell(new Offer(1, data.Length, 65536, sum, 1), sender);
        target.Tell(new Chunk(1, 0, Checksum64.Compute(first.Span) ^ 1, first), sender);
        await AwaitEqualAsync(1L, () => b.Exchange.GetStats().TransfersFailed, "failed transfers");

        // A chunk longer than the offer announced.
        target.Tell(new Offer(2, data.Length, 65536, sum, 1), sender);
        var longer = data.AsMemory(0, 65537);
        target.Tell(new Chunk(2, 0, Checksum64.Compute(longer.Span), longer), sender);
        await AwaitEqualAsync(2L, () => b.Exchange.GetStats().TransfersFailed, "failed transfers");

        // A chunk out of order.
        target.Tell(new Offer(3, data.Length, 65536, sum, 1), sender);
        target.Tell(new Chunk(3, 1, Checksum64.Compute(second.Span), second), sender);
        await AwaitEqualAsync(3L, () => b.Exchange.GetStats().TransfersFailed, "failed transfers");

        // Every chunk fine, but the whole does not match the announced checksum.
        target.Tell(new Offer(4, data.Length, 65536, sum ^ 1, 1), sender);
        target.Tell(new Chunk(4, 0, Checksum64.Compute(first.Span), first), sender);
        target.Tell(new Chunk(4, 1, Checksum64.Compute(second.Span), second), sender);
        await AwaitEqualAsync(4L, () => b.Exchange.GetStats().TransfersFailed, "failed transfers");
        Assert.Equal(100_000L, b.Exchange.GetStats().BytesReceived); // only the chunks that passed their own checks

        // Each failure went back to A's exchange, which holds no such lease and refuses the news (as it does the acks).
        await AwaitEqualAsync(4L + 2L, () => a.Exchange.GetStats().MessagesRejected, "messages A refused");
        await AwaitEqualAsync(0L, () => b.Exchange.Mirror.GetSharingStats().OwnedBuffers, "copies left on the holder node");
        Assert.Equal(0L, b.Exchange.GetStats().LocalCopies);

        // Messages about leases nobody offered, and a message of no protocol type.
        target.Tell(new Deliver(99, 1, "reader", ""), sender);
        target.Tell(new ReleaseAck(99), sender);
        target.Tell("not a protocol message", sender);
        // And news of a delivered actor message that B never sent (it could let B's plain messages overtake).
        target.Tell(new MessageDone(12345, MessageFate.Delivered), sender);
        await AwaitEqualAsync(4L + 4L, () => b.Exchange.GetStats().MessagesRejected, "rejected messages");
    }

    [Fact]
    public async Task An_offer_over_the_receivers_limit_fails_and_the_owner_gets_its_borrow_back()
    {
        var nodes = await StartClusterAsync(2, options: i => i == 1 ? new ClusterExchangeOptions { MaxIncomingLength = 1000 } : null);
        var (a, b) = (nodes[0], nodes[1]);
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(4096);
            a.Exchange.Share(buffer, holder.Endpoint);
        });

        await AwaitEqualAsync(1L, () => a.Exchange.GetStats().TransfersFailed, "failed transfers at the owner node");
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BuffersFreed, "freed at the owner");
        Assert.Equal(0L, a.Exchange.GetStats().RemoteBorrowsOut);
        Assert.Empty(holder.Received);
    }

    [Fact]
    public async Task A_frame_the_serializer_refuses_is_dropped_by_remoting_and_the_node_keeps_working()
    {
        var (a, b) = await StartTwoNodesAsync();
        var serializerOfB = ClusterNodeConfig.SerializerOf(b.System)!;
        var before = serializerOfB.FramesRejected;
        // A chunk that claims more bytes than the protocol allows. No exchange serializer writes one (ToBinary checks
        // the rules FromBinary reads by), so it comes from a foreign system that puts raw bytes on the wire.
        var bytes = ClusterNodeConfig.SerializerOf(a.System)!.ToBinary(new Chunk(7, 0, 0, new byte[16]));
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1 + 8 + 4 + 8), FrameRules.MaxChunkData + 1);
        using (var foreign = ActorSystem.Create("foreign", RawFrameSerializer.Config))
        {
            ExchangeOf(b, foreign).Tell(new RawFrame("C", bytes), ActorRefs.NoSender);
            await AwaitAssertAsync(() => Assert.True(serializerOfB.FramesRejected > before), Long, TimeSpan.FromMilliseconds(20));
        }

        // A frame the writer refuses on A is not written at all: remoting logs it, and the association stays up.
        ExchangeOf(b, a.System).Tell(new Chunk(7, -1, 0, new byte[1]), CreateTestProbe(a.System).Ref);

        // The association still carries borrows.
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.CopyOf(new byte[] { 42 });
            a.Exchange.Share(buffer, holder.Endpoint);
        });
        await AwaitEqualAsync(1, () => holder.Received.Count, "deliveries after the refused frames");
        Assert.Equal(before + 1, serializerOfB.FramesRejected);
    }

    [Fact]
    public async Task A_tag_or_endpoint_name_the_wire_cannot_carry_is_refused_at_the_share_and_takes_no_borrow()
    {
        var (a, b) = await StartTwoNodesAsync();
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        Assert.Throws<ArgumentException>(() => b.Exchange.Bind("half \uD800 a pair", b.Runtime.CreateDomain("bad-name"), _ => { }));
        var refused = await owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.CopyOf(new byte[] { 1 });
            var byTag = Assert.Throws<ArgumentException>(() => a.Exchange.Share(buffer, holder.Endpoint, "cut \uD83D"));
            var byName = Assert.Throws<ArgumentException>(() => a.Exchange.Share(buffer, new RemoteEndpoint(b.Address, "\uDC00")));
            var bySize = Assert.Throws<ArgumentException>(() => a.Exchange.Share(buffer, holder.Endpoint, new string('€', 400)));
            return (byTag, byName, bySize, owner.GetSharingStats().BorrowsOut);
        });
        Assert.Contains("lone surrogate", refused.byTag.Message);
        Assert.Contains("lone surrogate", refused.byName.Message);
        Assert.Contains("the limit is 1,024", refused.bySize.Message);
        Assert.Equal(0L, refused.BorrowsOut);
    }

    [Fact]
    public async Task An_exchange_whose_largest_frames_remoting_would_drop_as_oversized_does_not_start()
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.maximum-frame-size = 64000b")
            .WithFallback(ClusterNodeConfig.Create(port: 0));
        var system = ActorSystem.Create("small-frames", config);
        try
        {
            var runtime = new Domains.DomainRuntime(system);
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ClusterExchange.StartAsync(runtime));
            Assert.Contains("maximum-frame-size is 64,000 bytes", refused.Message);
            Assert.DoesNotContain(runtime.Domains, d => d.Name == "cluster-mirror");   // nothing was started
            await runtime.ShutdownAsync(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>The exchange of <paramref name="node"/> as seen from <paramref name="from"/>: messages cross real remoting.</summary>
    private static IActorRef ExchangeOf(TestNode node, TestNode from) => ExchangeOf(node, from.System);

    /// <summary>The exchange of <paramref name="node"/> as seen from <paramref name="from"/>: messages cross real remoting.</summary>
    private static IActorRef ExchangeOf(TestNode node, ActorSystem from) =>
        ((ExtendedActorSystem)from).Provider.ResolveActorRef(new RootActorPath(node.Address) / "user" / "actorinterp-exchange");

}
