using ActorInterp.Actors;
using ActorInterp.Cluster;
using ActorInterp.Cluster.Tests.Support;
using ActorInterp.Sharing;
using ActorInterp.TestSupport;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Cluster.Tests.Exchange;

/// <summary>A slice lent to another node: only its bytes cross, and the holder there reads exactly them.</summary>
public sealed class RemoteSliceTests : ClusterTestBase
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_1_MiB_slice_of_a_16_MiB_buffer_ships_only_its_bytes_and_the_holder_reads_exactly_them()
    {
        var (a, b) = await StartTwoNodesAsync();
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        const int start = 5 * MiB + 123, length = MiB;
        var expected = await owner.PeekAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(16 * MiB);
            var span = buffer.Span;
            for (var i = 0; i < span.Length; i++) span[i] = Pattern(i);
            a.Exchange.Share(buffer, start, length, holder.Endpoint, "slice");
            return Checksum64.Compute(buffer.ReadOnlySpan.Slice(start, length));
        });

        await AwaitEqualAsync(1, () => holder.Received.Count, "deliveries");
        Assert.Equal(("slice", expected, length), holder.Received.Single());
        var reads = await holder.ReadAsync(p => (p.Length, p.Offset, p.Span[0], p.Span[length - 1]));
        Assert.Equal((length, 0, Pattern(start), Pattern(start + length - 1)), reads.Single());
        Assert.Equal(length, a.Exchange.GetStats().BytesShipped);   // the slice, not the 16 MiB around it
        Assert.Equal(length, b.Exchange.GetStats().BytesReceived);
        Assert.Equal(length, b.Exchange.GetStats().LocalCopyBytes);

        await holder.ReleaseAllAsync();
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BuffersFreed, "freed at the owner");
        Assert.Equal(0, a.Exchange.GetStats().RemoteBorrowsOut);
        await AwaitEqualAsync(0L, () => b.Exchange.GetStats().LocalCopies, "copies kept on the holder node");
    }

    [Fact]
    public async Task Different_slices_of_one_buffer_to_one_node_cross_each_and_the_same_slice_again_joins_its_copy()
    {
        var (a, b) = await StartTwoNodesAsync();
        var owner = a.Runtime.CreateDomain("owner");
        var first = new Holder(b, "first");
        var second = new Holder(b, "second");
        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(400_000);
            var span = buffer.Span;
            for (var i = 0; i < span.Length; i++) span[i] = Pattern(i);
            a.Exchange.Share(buffer, 0, 200_000, first.Endpoint, "low");
            a.Exchange.Share(buffer, 150_000, 200_000, first.Endpoint, "overlapping");
            a.Exchange.Share(buffer, 0, 200_000, second.Endpoint, "low again");
        });

        await AwaitEqualAsync(2, () => first.Received.Count, "deliveries to the first");
        await AwaitEqualAsync(1, () => second.Received.Count, "deliveries to the second");
        Assert.Equal(2, a.Exchange.GetStats().TransfersStarted);       // one per range, not one per buffer
        Assert.Equal(400_000, a.Exchange.GetStats().BytesShipped);     // each range once, the overlap twice
        Assert.Equal(2, a.Exchange.GetStats().RemoteBorrowsOut);
        Assert.Equal(2, b.Exchange.GetStats().LocalCopies);
        var firstReads = (await first.ReadAsync(p => (p.Length, p.Span[0]))).OrderBy(r => r.Item2 == Pattern(0) ? 0 : 1).ToArray();
        Assert.Equal([(200_000, Pattern(0)), (200_000, Pattern(150_000))], firstReads);

        await first.ReleaseAllAsync();
        await second.ReleaseAllAsync();
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BuffersFreed, "freed once, after both ranges came back");
        Assert.Equal(2, a.Exchange.GetStats().ReleasesReceived);
        Assert.Equal(0, a.Exchange.GetStats().RemoteBorrowsOut);
    }

    [Fact]
    public async Task A_slice_outside_the_buffer_is_refused_at_the_share_and_nothing_crosses()
    {
        var (a, b) = await StartTwoNodesAsync();
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        var error = await owner.PeekAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(1000);
            var refused = Assert.Throws<ArgumentOutOfRangeException>(() => a.Exchange.Share(buffer, 900, 101, holder.Endpoint));
            Assert.False(buffer.IsFrozen);
            return refused;
        });
        Assert.Equal("length", error.ParamName);
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BuffersFreed, "freed with nothing borrowed");
        Assert.Equal(0, owner.GetSharingStats().SharesMade);
        Assert.Equal(0, a.Exchange.GetStats().TransfersStarted);
        Assert.Equal(0, a.Exchange.GetStats().BytesShipped);
    }

    [Fact]
    public async Task A_proxy_slice_told_to_an_actor_on_another_node_ships_only_its_range()
    {
        var (a, b) = await StartTwoNodesAsync();
        var owner = a.Runtime.CreateDomain("owner");
        var middle = a.Runtime.CreateDomain("middle");
        var target = b.Runtime.CreateDomain("reader").ActorOf(Props.Create(() => new Reporter(TestActor)), "reader");
        var remote = RemoteRef(a, b, target);
        var handle = await owner.PeekAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(1_000_000);
            var span = buffer.Span;
            for (var i = 0; i < span.Length; i++) span[i] = Pattern(i);
            return buffer.Share(middle);
        });
        var expected = await middle.PeekAsync(() =>
        {
            using var proxy = handle.Open();
            using var slice = proxy.Slice(300_000, 250_000);
            remote.Tell(new Blob("slice", slice));
            return Checksum64.Compute(slice.Span);
        });

        ExpectMsg(("slice", "reader", 250_000, expected), Long);
        Assert.Equal(250_000, a.Exchange.GetStats().BytesShipped);
        target.Tell(new LetGo());
        ExpectMsg("let go", Long);
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BuffersFreed, "freed at the owner");
    }
}
