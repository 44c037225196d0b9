using ActorInterp.Cluster;
using ActorInterp.Cluster.Tests.Support;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using ActorInterp.TestSupport;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Cluster.Tests.Lane;

/// <summary>Buffers' bytes over the data lane between two real nodes on 127.0.0.1, and the fallback to remoting.</summary>
public sealed class DataLaneTests : ClusterTestBase
{
    // Several lane frames (1 MiB each) and a partial last one.
    private const int Length = 3 * (1 << 20) + 12_345;

    [Fact]
    public async Task A_buffer_crosses_over_the_data_lane_intact_and_its_borrow_comes_back_on_release()
    {
        var (a, b) = await StartTwoNodesAsync();
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        var expected = await ShareAsync(a, owner, holder, Length);

        await AwaitEqualAsync(1, () => holder.Received.Count, "deliveries");
        Assert.Equal(("", expected, Length), holder.Received.Single());
        Assert.Equal((1L, 0L), (b.Exchange.GetStats().LaneTransfers, b.Exchange.GetStats().LaneFallbacks));
        await AwaitEqualAsync(1L, () => a.Exchange.GetStats().LaneTransfers, "transfers over the lane, owner side");
        Assert.Equal(Length, a.Exchange.GetStats().BytesShipped);
        Assert.Equal(Length, b.Exchange.GetStats().BytesReceived);
        Assert.Null(a.Exchange.GetStats().LaneProblem);

        await holder.ReleaseAllAsync();
        await AwaitEqualAsync(0L, () => owner.GetSharingStats().OwnedBuffers, "the owner's buffers");
        await AwaitEqualAsync(0L, () => b.Exchange.Mirror.GetSharingStats().OwnedBuffers, "the copies");
        Assert.Equal(0, a.Exchange.Lane!.GrantCount);
    }

    [Fact]
    public async Task When_the_lane_cannot_be_reached_the_bytes_come_over_remoting_and_the_reason_is_recorded()
    {
        var (a, b) = await StartTwoNodesAsync();
        a.Exchange.Lane!.StopListening(); // the port is still offered, as behind a firewall
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        var expected = await ShareAsync(a, owner, holder, Length);

        await AwaitEqualAsync(1, () => holder.Received.Count, "deliveries");
        Assert.Equal(expected, holder.Received.Single().Checksum);
        var stats = b.Exchange.GetStats();
        Assert.Equal((0L, 1L), (stats.LaneTransfers, stats.LaneFallbacks));
        Assert.Contains("could not be reached", stats.LaneProblem);
        Assert.Equal(1L, a.Exchange.GetStats().LaneFallbacks);
        Assert.Contains("could not be reached", a.Exchange.GetStats().LaneProblem);
        Assert.Equal(Length, a.Exchange.GetStats().BytesShipped);
        Assert.Equal(0, a.Exchange.Lane.GrantCount);

        // The next offer from that node is declined at once, without trying its lane again for a while.
        var second = await ShareAsync(a, owner, holder, Length + 1);
        await AwaitEqualAsync(2, () => holder.Received.Count, "deliveries");
        Assert.Equal(second, holder.Received.Last().Checksum);
        Assert.Equal(2L, b.Exchange.GetStats().LaneFallbacks);
        Assert.Contains("tried again 30 s after that", b.Exchange.GetStats().LaneProblem);
    }

    [Fact]
    public async Task A_node_set_to_receive_over_remoting_declines_the_lane_and_gets_the_bytes_in_chunks()
    {
        var nodes = await StartClusterAsync(2, options: i => i == 1 ? new ClusterExchangeOptions { BulkTransfer = BulkTransfer.Remoting } : null);
        var (a, b) = (nodes[0], nodes[1]);
        Assert.Null(b.Exchange.Lane);
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        var expected = await ShareAsync(a, owner, holder, Length);

        await AwaitEqualAsync(1, () => holder.Received.Count, "deliveries");
        Assert.Equal(expected, holder.Received.Single().Checksum);
        Assert.Equal(1L, a.Exchange.GetStats().LaneFallbacks);
        Assert.Contains("remoting only", a.Exchange.GetStats().LaneProblem);
        Assert.Equal(0L, b.Exchange.GetStats().LaneTransfers);
    }

    [Fact]
    public async Task A_small_message_round_trip_completes_while_a_transfer_over_the_lane_is_in_the_middle()
    {
        var (a, b) = await StartTwoNodesAsync();
        var (reached, resume) = HoldAtFrame(a, 2);
        var owner = a.Runtime.CreateDomain("owner");
        var holder = new Holder(b, "reader");
        var expected = await ShareAsync(a, owner, holder, 8 << 20);
        await Within(reached.Task);

        b.System.ActorOf(Props.Create(() => new Echo()), "echo");
        var echo = await a.System.ActorSelection(new RootActorPath(b.Address) / "user" / "echo").ResolveOne(Long);
        Assert.Equal("ping", await echo.Ask<string>("ping", Long));
        Assert.Empty(holder.Received); // the transfer is still held in the middle

        resume.SetResult();
        await AwaitEqualAsync(1, () => holder.Received.Count, "deliveries");
        Assert.Equal(expected, holder.Received.Single().Checksum);
    }

    /// <summary>Shares a fresh buffer of <paramref name="length"/> bytes from <paramref name="owner"/> to the holder, lets the owner's own handle go, and returns its checksum.</summary>
    internal static Task<ulong> ShareAsync(TestNode a, Domain owner, Holder holder, int length) => owner.PeekAsync(() =>
    {
        using var buffer = SharedBuffer.Allocate(length);
        var span = buffer.Span;
        for (var i = 0; i < span.Length; i++) span[i] = Pattern(i);
        a.Exchange.Share(buffer, holder.Endpoint);
        return Checksum64.Compute(buffer.ReadOnlySpan);
    });

    /// <summary>Holds every transfer from <paramref name="node"/>'s lane before frame <paramref name="index"/> until resumed.</summary>
    internal static (TaskCompletionSource Reached, TaskCompletionSource Resume) HoldAtFrame(TestNode node, int index)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        node.Exchange.LaneFaults.BeforeFrame = async (_, i) =>
        {
            if (i != index) return;
            reached.TrySetResult();
            await resume.Task;
        };
        return (reached, resume);
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => Receive<string>(s => Sender.Tell(s));
    }
}
