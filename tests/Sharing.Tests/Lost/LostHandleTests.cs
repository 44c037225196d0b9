using System.Runtime.CompilerServices;
using ActorInterp.Domains;
using ActorInterp.Sharing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.Lost;

public sealed class LostHandleTests(ITestOutputHelper output) : SharingTestKit(output)
{
    [Fact]
    public async Task A_handle_disposed_unopened_returns_the_borrow()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var handle = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(64);
            return buffer.Share(holder);
        }));
        Assert.False(handle.IsConsumed);
        Assert.Same(holder, handle.Target);
        Assert.Same(owner, handle.Owner);

        handle.Dispose();
        handle.Dispose();

        Assert.True(handle.IsConsumed);
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        await Barrier(owner);
        var stats = owner.GetSharingStats();
        Assert.Equal(1, stats.HandlesLost);
        Assert.Equal(0, stats.BorrowsOut);
        Assert.Equal(0, stats.OwnedBuffers);
        Assert.Equal(owner.ThreadId, Assert.Single(pool.Events, e => !e.IsRent).ThreadId);
        var ex = await Assert.ThrowsAsync<ObjectDisposedException>(() => Within(holder.CallAsync(handle.Open)));
        Assert.Contains("'holder'", ex.Message);
        Assert.Equal(0, holder.GetSharingStats().ProxiesOpened);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task A_handle_dropped_unopened_and_collected_returns_the_borrow()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        // The handle is kept in a box until the borrow was seen counted: a collection run by a test in parallel
        // could otherwise take the handle back before the check.
        var kept = new StrongBox<BufferHandle?>();
        await Within(owner.RunAsync(() => kept.Value = ShareOnly(holder)));
        await Barrier(owner);
        Assert.Equal(1, owner.GetSharingStats().BorrowsOut);
        kept.Value = null; // dropped unopened

        await EventuallyAfterGc(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        Assert.Equal(1, owner.GetSharingStats().HandlesLost);
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);
        Assert.Equal(owner.ThreadId, Assert.Single(pool.Events, e => !e.IsRent).ThreadId);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task A_forwarded_handle_disposed_unopened_returns_its_part_of_the_borrow()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var b = runtime.CreateDomain("b");
        var c = runtime.CreateDomain("c");
        var handle = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(64);
            return buffer.Share(b);
        }));
        var (proxy, forwarded) = await Within(b.CallAsync(() =>
        {
            var p = handle.Open();
            return (p, p.Share(c));
        }));
        forwarded.Dispose();
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().HandlesLost));
        await Barrier(b, owner);
        Assert.Equal(0, pool.Returns); // b still reads
        await Within(b.RunAsync(proxy.Dispose));
        await Eventually(() => Assert.Equal(1, pool.Returns));
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task A_handle_whose_addressee_closes_before_opening_it_comes_back_through_the_close()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var log = LogCollector.Attach(Sys);
        var handle = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(64);
            return buffer.Share(holder);
        }));

        await Within(holder.CloseAsync());

        await Eventually(() =>
        {
            Assert.Equal(1, owner.GetSharingStats().BuffersFreed);
            Assert.Equal(1, owner.GetSharingStats().Reclaims);
        });
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);
        Assert.Equal(owner.ThreadId, Assert.Single(pool.Events, e => !e.IsRent).ThreadId);

        // The late drop of the handle reaches the owner and is ignored: the reclaim counted it.
        handle.Dispose();
        await Barrier(owner);
        Assert.Equal(1, owner.GetSharingStats().ReturnMessagesReceived);
        Assert.Equal(1, pool.Returns);
        Assert.Equal(0, owner.GetSharingStats().ReturnsReceived);
        Assert.Empty(pool.Errors);
        await ShutdownClean(runtime);
        Assert.DoesNotContain(log.Errors, e => e.Contains("refused a return"));
    }

    [Fact]
    public async Task A_late_drop_for_a_reclaimed_holder_is_counted_and_ignored_while_the_owner_still_holds_the_buffer()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var kept = new List<SharedBuffer>();
        var handle = await Within(owner.CallAsync(() =>
        {
            var buffer = SharedBuffer.Allocate(64);
            kept.Add(buffer); // the owner keeps its hold, so the buffer outlives the reclaim
            return buffer.Share(holder);
        }));

        await Within(holder.CloseAsync());
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().Reclaims));
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);

        handle.Dispose();
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().ReturnsIgnoredAfterReclaim));
        Assert.Equal(0, owner.GetSharingStats().ReturnsReceived);
        Assert.Equal(0, owner.GetSharingStats().ReturnsRefused);
        Assert.Equal(1, owner.GetSharingStats().OwnedBuffers);
        await Within(owner.RunAsync(() => kept[0].Dispose()));
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task A_handle_posted_to_a_domain_that_closes_unopened_comes_back()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var gate = new TaskCompletionSource();
        var started = new TaskCompletionSource();
        // The holder is kept busy, so the handle's post is still queued when the holder is forced to close.
        var busy = holder.RunAsync(() =>
        {
            started.SetResult();
#pragma warning disable AI0005 // the holder is kept busy on purpose, so that the handle's post stays queued
            gate.Task.Wait();
#pragma warning restore AI0005
        });
        await Within(started.Task);
        await Within(owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(64);
            var handle = buffer.Share(holder);
            holder.Post(() => handle.Open().Dispose());
        }));
        var close = holder.CloseAsync(CloseMode.Force);
        gate.SetResult();
        await Within(close);
        await Within(busy);
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        Assert.Equal(0, holder.GetSharingStats().ProxiesOpened);
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);
        Assert.Equal(owner.ThreadId, Assert.Single(pool.Events, e => !e.IsRent).ThreadId);
        await ShutdownClean(runtime);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static BufferHandle ShareOnly(Domain holder)
    {
        using var buffer = SharedBuffer.Allocate(128);
        return buffer.Share(holder);
    }
}
