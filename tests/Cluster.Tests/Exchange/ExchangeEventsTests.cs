using ActorInterp.Cluster;
using ActorInterp.Cluster.Tests.Support;
using ActorInterp.Sharing;
using Xunit;

namespace ActorInterp.Cluster.Tests.Exchange;

public sealed class ExchangeEventsTests : ClusterTestBase
{
    [Fact]
    public async Task Node_loss_events_are_raised_on_the_mirror_domains_thread_with_the_exchange_as_sender_and_the_figures_as_args()
    {
        var (a, b) = await StartTwoNodesAsync(fastFailure: true);
        // A lends two buffers to B, and B lends one to A: when B goes, A reclaims two borrows and holds one orphan.
        var ownerOnA = a.Runtime.CreateDomain("owner-a");
        var ownerOnB = b.Runtime.CreateDomain("owner-b");
        var holderOnA = new Holder(a, "reader-a");
        var holderOnB = new Holder(b, "reader-b");
        var reclaimed = new TaskCompletionSource<(object? Sender, BorrowsReclaimedEventArgs Args, bool OnMirror)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lost = new TaskCompletionSource<(object? Sender, OwnerNodeLostEventArgs Args, bool OnMirror)>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Exchange.BorrowsReclaimed += (sender, e) => reclaimed.TrySetResult((sender, e, a.Exchange.Mirror.IsCurrent));
        a.Exchange.OwnerNodeLost += (sender, e) => lost.TrySetResult((sender, e, a.Exchange.Mirror.IsCurrent));
        await ownerOnA.RunAsync(() =>
        {
            for (var n = 0; n < 2; n++)
            {
                using var buffer = SharedBuffer.Allocate(1_000 + n);
                a.Exchange.Share(buffer, holderOnB.Endpoint);
            }
        });
        await ownerOnB.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(5_000);
            b.Exchange.Share(buffer, holderOnA.Endpoint);
        });
        await AwaitEqualAsync(2, () => holderOnB.Received.Count, "deliveries on B");
        await AwaitEqualAsync(1, () => holderOnA.Received.Count, "deliveries on A");

        await b.KillAsync(); // the split brain resolver downs it, and A removes it

        var (reclaimedSender, reclaimedArgs, reclaimedOnMirror) = await reclaimed.Task.WaitAsync(Long);
        Assert.Same(a.Exchange, reclaimedSender);
        Assert.Equal((b.Address, 2), (reclaimedArgs.Node, reclaimedArgs.Reclaimed));
        Assert.True(reclaimedOnMirror, "BorrowsReclaimed was not raised on the mirror domain's thread");
        var (lostSender, lostArgs, lostOnMirror) = await lost.Task.WaitAsync(Long);
        Assert.Same(a.Exchange, lostSender);
        Assert.Equal((b.Address, 1, 0), (lostArgs.Node, lostArgs.OrphanedBuffers, lostArgs.AbandonedTransfers));
        Assert.True(lostOnMirror, "OwnerNodeLost was not raised on the mirror domain's thread");
    }

    [Fact]
    public async Task GetStats_returns_a_new_snapshot_that_later_activity_leaves_unchanged()
    {
        var a = (await StartClusterAsync(1))[0];
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(a, "reader");
        var before = a.Exchange.GetStats();

        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(100);
            a.Exchange.Share(buffer, holder.Endpoint); // an endpoint of this node: delivered without a lease
        });
        await AwaitEqualAsync(1L, () => a.Exchange.GetStats().DeliveriesReceived, "deliveries received");

        var after = a.Exchange.GetStats();
        Assert.NotSame(before, after);
        Assert.NotSame(after, a.Exchange.GetStats());
        Assert.Equal(0L, before.DeliveriesReceived); // taken before the delivery, and not a live view
        Assert.Equal(1L, after.DeliveriesReceived);
#pragma warning disable CS0618 // the obsolete property still answers, through GetStats
        Assert.Equal(after.DeliveriesReceived, a.Exchange.GetStats().DeliveriesReceived);
#pragma warning restore CS0618
    }
}
