using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using ActorInterp.Cluster;
using ActorInterp.Cluster.Tests.Support;
using ActorInterp.Sharing;
using ActorInterp.TestSupport;
using Xunit;
using static ActorInterp.Cluster.Tests.Lane.DataLaneTests;

namespace ActorInterp.Cluster.Tests.Lane;

/// <summary>What goes wrong on the data lane is caught: the transfer fails, the lease ends, and no buffer is left behind on either node.</summary>
public sealed class DataLaneFaultTests : ClusterTestBase
{
    private const int Length = 3 * (1 << 20) + 777;

    [Fact]
    public async Task A_frame_that_does_not_match_its_checksum_fails_the_transfer_and_the_borrow_comes_back()
    {
        var (a, b) = await StartTwoNodesAsync();
        a.Exchange.LaneFaults.AfterChecksum = (_, index, frame) => { if (index == 1) frame[LaneWire.HeaderBytes + 100] ^= 0x40; };
        await AssertTransferFailsWithoutLeakAsync(a, b);
    }

    [Fact]
    public async Task A_request_with_a_wrong_token_is_refused_and_the_transfer_fails_without_a_leak()
    {
        var (a, b) = await StartTwoNodesAsync();
        b.Exchange.LaneFaults.RequestToken = token => token ^ 1;
        await AssertTransferFailsWithoutLeakAsync(a, b);
        Assert.Equal(1L, a.Exchange.GetStats().LaneRequestsRefused);
    }

    [Fact]
    public async Task A_stream_cut_short_fails_the_transfer_without_a_leak()
    {
        var (a, b) = await StartTwoNodesAsync();
        a.Exchange.LaneFaults.CloseAfterFrames = new StrongBox<int>(2);
        await AssertTransferFailsWithoutLeakAsync(a, b);
    }

    [Fact]
    public async Task A_stranger_asking_for_a_lease_in_transfer_with_a_guessed_token_is_refused_and_the_transfer_goes_on()
    {
        var (a, b) = await StartTwoNodesAsync();
        var (reached, resume) = HoldAtFrame(a, 1);
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        var expected = await ShareAsync(a, owner, holder, Length);
        await Within(reached.Task);
        var lease = (await a.Exchange.InspectAsync()).Leases.Single().Lease;

        using (var stranger = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await stranger.ConnectAsync("127.0.0.1", a.Exchange.Lane!.Port);
            var request = new byte[LaneWire.RequestBytes];
            LaneWire.WriteRequest(request, lease, UInt128.MaxValue);
            await stranger.SendAsync(request);
            var answer = new byte[16];
            var read = await stranger.ReceiveAsync(answer).WaitAsync(Long);
            Assert.Equal((1, LaneWire.Refused), (read, answer[0]));
        }
        Assert.Equal(1L, a.Exchange.GetStats().LaneRequestsRefused);

        resume.SetResult();
        await AwaitEqualAsync(1, () => holder.Received.Count, "deliveries");
        Assert.Equal(expected, holder.Received.Single().Checksum);
        Assert.Equal(0L, b.Exchange.GetStats().TransfersFailed);
    }

    [Fact]
    public async Task A_holder_node_killed_in_the_middle_of_a_pull_is_reclaimed_and_the_lane_stops_reading_the_buffer()
    {
        var (a, b) = await StartTwoNodesAsync(fastFailure: true);
        var (reached, resume) = HoldAtFrame(a, 2);
        var reclaimed = new TaskCompletionSource<BorrowsReclaimedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Exchange.BorrowsReclaimed += (_, e) => reclaimed.TrySetResult(e);
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        await ShareAsync(a, owner, holder, 8 << 20);
        await Within(reached.Task);

        await b.KillAsync();
        var e = await reclaimed.Task.WaitAsync(Long);
        Assert.Equal((b.Address, 1), (e.Node, e.Reclaimed));
        // The grant was revoked before the borrow went back: the owner frees, and the lane reads nothing more.
        Assert.Equal(0, a.Exchange.Lane!.GrantCount);
        await AwaitEqualAsync(0L, () => owner.GetSharingStats().OwnedBuffers, "the owner's buffers");
        resume.SetResult();
        Assert.Equal(0L, a.Exchange.GetStats().RemoteBorrowsOut);
    }

    [Fact]
    public async Task An_owner_node_killed_in_the_middle_of_a_pull_leaves_no_copy_behind_on_the_holder_node()
    {
        var (a, b) = await StartTwoNodesAsync(fastFailure: true);
        var (reached, _) = HoldAtFrame(a, 2);
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        await ShareAsync(a, owner, holder, 8 << 20);
        await Within(reached.Task);

        await a.KillAsync(); // its exchange stops with it, and so does its lane
        await AwaitEqualAsync(0L, () => b.Exchange.Mirror.GetSharingStats().OwnedBuffers, "copies on the holder node");
        Assert.Empty(holder.Received);
        Assert.Equal(0L, b.Exchange.GetStats().LocalCopies);
    }

    private async Task AssertTransferFailsWithoutLeakAsync(TestNode a, TestNode b)
    {
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        await ShareAsync(a, owner, holder, Length);

        await AwaitEqualAsync(1L, () => a.Exchange.GetStats().TransfersFailed, "transfers refused, owner side");
        Assert.Equal(1L, b.Exchange.GetStats().TransfersFailed);
        Assert.Equal(1L, b.Exchange.GetStats().DeliveriesFailed);
        Assert.Empty(holder.Received);
        await AwaitEqualAsync(0L, () => owner.GetSharingStats().OwnedBuffers, "the owner's buffers (the lease ended)");
        await AwaitEqualAsync(0L, () => b.Exchange.Mirror.GetSharingStats().OwnedBuffers, "the copies on the holder node");
        Assert.Equal(0L, a.Exchange.GetStats().RemoteBorrowsOut);
        Assert.Equal(0, a.Exchange.Lane!.GrantCount);
        Assert.Equal((0L, 0L), (a.Exchange.GetStats().LaneTransfers, b.Exchange.GetStats().LaneFallbacks));
    }
}
