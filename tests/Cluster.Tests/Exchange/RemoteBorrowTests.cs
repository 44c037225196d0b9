using System.Collections.Immutable;
using ActorInterp.Cluster;
using ActorInterp.Cluster.Tests.Support;
using ActorInterp.Sharing;
using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Cluster.Tests.Exchange;

public sealed class RemoteBorrowTests : ClusterTestBase
{
    [Fact]
    public async Task A_buffer_shared_to_a_domain_on_another_node_reads_the_same_bytes()
    {
        var (a, b) = await StartTwoNodesAsync();
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        const int length = 300_000; // several chunks, last one partial
        var expected = await owner.PeekAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(length);
            for (var i = 0; i < length; i++) buffer.Span[i] = Pattern(i);
            a.Exchange.Share(buffer, holder.Endpoint, "first");
            return Checksum64.Compute(buffer.ReadOnlySpan);
        });

        await AwaitEqualAsync(1, () => holder.Received.Count, "deliveries");
        var got = holder.Received.Single();
        Assert.Equal(("first", expected, length), got);
        var reads = await holder.ReadAsync(p => (p.Length, p.IsOrphaned, p.Span[length - 1]));
        Assert.Equal((length, false, Pattern(length - 1)), reads.Single());
        Assert.Equal(length, a.Exchange.GetStats().BytesShipped);
        Assert.Equal(length, b.Exchange.GetStats().BytesReceived);
    }

    [Fact]
    public async Task Bytes_cross_once_for_several_holders_on_one_node_and_one_release_comes_back()
    {
        var (a, b) = await StartTwoNodesAsync();
        var owner = a.Runtime.CreateDomain("owner");
        var holders = Enumerable.Range(1, 3).Select(i => new Holder(b, $"reader-{i}")).ToImmutableArray();
        const int length = 200_000;
        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(length);
            for (var i = 0; i < length; i++) buffer.Span[i] = Pattern(i);
            foreach (var h in holders) a.Exchange.Share(buffer, h.Endpoint, h.Endpoint.Name);
        });

        foreach (var h in holders) await AwaitEqualAsync(1, () => h.Received.Count, $"deliveries to {h.Endpoint.Name}");
        Assert.Equal(length, a.Exchange.GetStats().BytesShipped);       // once, not three times
        Assert.Equal(1, a.Exchange.GetStats().TransfersStarted);
        Assert.Equal(3, a.Exchange.GetStats().DeliveriesSent);
        Assert.Equal(1, b.Exchange.GetStats().LocalCopies);
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BorrowsOut, "owner's borrows (one per node)");
        Assert.Equal(1L, a.Exchange.GetStats().RemoteBorrowsByNode[b.Address.ToString()]);
        Assert.Single(holders.Select(h => h.Received.Single().Checksum).Distinct());

        foreach (var h in holders) await h.ReleaseAllAsync();
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BuffersFreed, "freed at the owner");
        Assert.Equal(1, b.Exchange.GetStats().ReleasesSent);            // one coalesced release for three holders
        Assert.Equal(1, a.Exchange.GetStats().ReleasesReceived);
        Assert.Equal(0, a.Exchange.GetStats().RemoteBorrowsOut);
        await AwaitEqualAsync(0L, () => b.Exchange.GetStats().LocalCopies, "copies kept on the holder node");
        await AwaitEqualAsync(0L, () => b.Exchange.Mirror.GetSharingStats().OwnedBuffers, "the mirror's buffers");
    }

    [Fact]
    public async Task A_64_MiB_buffer_crosses_at_default_frame_settings()
    {
        var (a, b) = await StartTwoNodesAsync();
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        const int length = 64 * 1024 * 1024;
        var expected = await owner.PeekAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(length);
            var span = buffer.Span;
            for (var i = 0; i < length; i += 4096) span.Slice(i, 4096).Fill((byte)(i / 4096));
            a.Exchange.Share(buffer, holder.Endpoint);
            return Checksum64.Compute(buffer.ReadOnlySpan);
        });

        await AwaitAssertAsync(() => Assert.Single(holder.Received), Dilated(TimeSpan.FromSeconds(90)), TimeSpan.FromMilliseconds(100));
        Assert.Equal(expected, holder.Received.Single().Checksum);
        Assert.Equal(length, a.Exchange.GetStats().BytesShipped);
        await holder.ReleaseAllAsync();
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BuffersFreed, "freed at the owner");
    }

    [Fact]
    public async Task The_release_travels_over_remoting_and_the_owner_frees_only_then()
    {
        var (a, b) = await StartTwoNodesAsync();
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.CopyOf(new byte[] { 1, 2, 3, 4, 5 });
            a.Exchange.Share(buffer, holder.Endpoint);
        }); // the owner let go of its own hold here

        await AwaitEqualAsync(1, () => holder.Received.Count, "deliveries");
        // Held on node B: the owner on node A keeps the memory.
        await owner.PeekAsync(() => 0);
        Assert.Equal(0L, owner.GetSharingStats().BuffersFreed);
        Assert.Equal(1L, owner.GetSharingStats().OwnedBuffers);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, (await holder.ReadAsync(p => p.Span.ToArray())).Single());

        await holder.ReleaseAllAsync();
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BuffersFreed, "freed at the owner");
        Assert.Equal(0L, owner.GetSharingStats().OwnedBuffers);
        Assert.Equal(1, a.Exchange.GetStats().ReleasesReceived);
        Assert.Equal(0, a.Exchange.GetStats().ReleasesRejected);
    }

    [Fact]
    public async Task A_second_share_after_the_release_ships_again_and_a_share_crossing_a_release_keeps_the_borrow()
    {
        var (a, b) = await StartTwoNodesAsync();
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        var buffer = await FillAsync(owner, 1000, Pattern);
        await owner.RunAsync(() => a.Exchange.Share(buffer, holder.Endpoint, "1"));
        await AwaitEqualAsync(1, () => holder.Received.Count, "first delivery");
        // Release and share again at once: the new delivery may cross the release on the wire.
        await holder.ReleaseAllAsync();
        await owner.RunAsync(() => a.Exchange.Share(buffer, holder.Endpoint, "2"));
        await AwaitEqualAsync(2, () => holder.Received.Count, "second delivery");
        Assert.Equal(1, await holder.HeldAsync());
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BorrowsOut, "the node's borrow");

        await holder.ReleaseAllAsync();
        await owner.RunAsync(buffer.Dispose);
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BuffersFreed, "freed at the owner");
        Assert.Equal(0, a.Exchange.GetStats().RemoteBorrowsOut);
        Assert.Equal(0, a.Exchange.GetStats().ReleasesRejected);
        await AwaitEqualAsync(0L, () => b.Exchange.Mirror.GetSharingStats().OwnedBuffers, "the mirror's buffers");
    }

    [Fact]
    public async Task A_holder_passes_its_proxy_to_a_domain_on_a_third_node()
    {
        var nodes = await StartClusterAsync(3);
        var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
        var owner = a.Runtime.CreateDomain("owner");
        var last = new Holder(c, "last");
        // B passes on what it receives and lets go at once: the worst case for the count.
        var middle = new Holder(b, "middle", (h, proxy, _) =>
        {
            b.Exchange.Share(proxy, last.Endpoint, "forwarded");
            proxy.Dispose();
        });
        const int length = 150_000;
        var expected = await owner.PeekAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(length);
            for (var i = 0; i < length; i++) buffer.Span[i] = Pattern(i);
            a.Exchange.Share(buffer, middle.Endpoint);
            return Checksum64.Compute(buffer.ReadOnlySpan);
        });

        await AwaitEqualAsync(1, () => last.Received.Count, "delivery on the third node");
        Assert.Equal(("forwarded", expected, length), last.Received.Single());
        // C borrows from B's copy; B's one borrow at A stays out until C lets go.
        await AwaitEqualAsync(1L, () => b.Exchange.GetStats().RemoteBorrowsOut, "B's lease to C");
        Assert.Equal(1L, a.Exchange.GetStats().RemoteBorrowsOut);
        await owner.PeekAsync(() => 0);
        Assert.Equal(0L, owner.GetSharingStats().BuffersFreed);

        await last.ReleaseAllAsync();
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BuffersFreed, "freed at the owner");
        await AwaitEqualAsync(0L, () => b.Exchange.Mirror.GetSharingStats().OwnedBuffers, "B's copies");
        await AwaitEqualAsync(0L, () => c.Exchange.Mirror.GetSharingStats().OwnedBuffers, "C's copies");
        Assert.Equal(0, a.Exchange.GetStats().RemoteBorrowsOut);
        Assert.Equal(0, b.Exchange.GetStats().RemoteBorrowsOut);
    }

    [Fact]
    public async Task An_endpoint_on_the_same_node_gets_the_buffer_without_a_copy()
    {
        var (a, _) = await StartTwoNodesAsync();
        var owner = a.Runtime.CreateDomain("owner");
        var local = new Holder(a, "local");
        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.CopyOf(new byte[] { 9, 8, 7 });
            a.Exchange.Share(buffer, local.Endpoint);
        });
        await AwaitEqualAsync(1, () => local.Received.Count, "local delivery");
        Assert.Equal(0, a.Exchange.GetStats().BytesShipped);
        await local.ReleaseAllAsync();
        await AwaitEqualAsync(1L, () => owner.GetSharingStats().BuffersFreed, "freed at the owner");
    }

}
