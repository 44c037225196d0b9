using ActorInterp.Cluster;
using ActorInterp.Cluster.Tests.Support;
using ActorInterp.Sharing;
using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Cluster.Tests.Exchange;

public sealed class NodeLossTests : ClusterTestBase
{
    [Fact]
    public async Task A_killed_holder_node_is_downed_and_every_borrow_it_held_is_reclaimed()
    {
        var (a, b) = await StartTwoNodesAsync(fastFailure: true);
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        var reclaimed = new TaskCompletionSource<BorrowsReclaimedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Exchange.BorrowsReclaimed += (_, e) => reclaimed.TrySetResult(e);
        await owner.RunAsync(() =>
        {
            for (var n = 0; n < 3; n++)
            {
                using var buffer = SharedBuffer.Allocate(100_000 + n);
                buffer.Span.Fill((byte)n);
                a.Exchange.Share(buffer, holder.Endpoint, $"{n}");
            }
        });
        await AwaitEqualAsync(3, () => holder.Received.Count, "deliveries");
        Assert.Equal(3L, a.Exchange.GetStats().RemoteBorrowsOut);
        Assert.Equal(3L, owner.GetSharingStats().OwnedBuffers);

        await b.KillAsync(); // no leave: the split brain resolver downs it once it is unreachable

        var e = await reclaimed.Task.WaitAsync(Long);
        Assert.Equal((b.Address, 3), (e.Node, e.Reclaimed));
        Assert.Equal(3L, a.Exchange.GetStats().ReclaimsAfterNodeLoss);
        Assert.Equal(0L, a.Exchange.GetStats().RemoteBorrowsOut);
        await AwaitEqualAsync(0L, () => owner.GetSharingStats().OwnedBuffers, "the owner's buffers");
        Assert.Equal(3L, owner.GetSharingStats().BuffersFreed);
    }

    [Fact]
    public async Task When_the_owner_node_goes_the_copies_stay_readable_and_say_they_are_orphaned()
    {
        var (a, b) = await StartTwoNodesAsync(fastFailure: true);
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        var lost = new TaskCompletionSource<OwnerNodeLostEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.Exchange.OwnerNodeLost += (_, e) => lost.TrySetResult(e);
        const int length = 500_000;
        var expected = await owner.PeekAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(length);
            for (var i = 0; i < length; i++) buffer.Span[i] = Pattern(i);
            a.Exchange.Share(buffer, holder.Endpoint);
            return Checksum64.Compute(buffer.ReadOnlySpan);
        });
        await AwaitEqualAsync(1, () => holder.Received.Count, "deliveries");

        await a.KillAsync();
        var e = await lost.Task.WaitAsync(Long);
        Assert.Equal((a.Address, 1, 0), (e.Node, e.OrphanedBuffers, e.AbandonedTransfers));

        var reads = await holder.ReadAsync(p => (p.IsOrphaned, Checksum64.Compute(p.Span)));
        Assert.Equal((true, expected), reads.Single());
        Assert.Equal(1L, b.Exchange.GetStats().OrphanedCopies);

        await holder.ReleaseAllAsync();
        await AwaitEqualAsync(0L, () => b.Exchange.Mirror.GetSharingStats().OwnedBuffers, "the orphaned copy, freed locally");
        Assert.Equal(0, b.Exchange.GetStats().ReleasesSent);
        Assert.Equal(0L, b.Exchange.GetStats().LocalCopies);
    }
}
