using ActorInterp.Domains;
using ActorInterp.Sharing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.Transfer;

public sealed class TransferTests(ITestOutputHelper output) : SharingTestKit(output)
{
    [Fact]
    public async Task Transfer_then_accept_moves_ownership_and_detaches_the_source()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var source = runtime.CreateDomain("source");
        var target = runtime.CreateDomain("target");

        var (transfer, array) = await Within(source.CallAsync(() =>
        {
            var buffer = SharedBuffer.Allocate(300);
            Pattern.Fill(buffer.Span, 11);
            var backing = Pattern.ArrayOf(buffer.ReadOnlyMemory);
            var t = buffer.Transfer(target);
            Assert.Throws<ObjectDisposedException>(() => buffer.Span.Length);
            Assert.Throws<ObjectDisposedException>(() => buffer.ReadOnlySpan.Length);
            Assert.Throws<ObjectDisposedException>(() => buffer.Share(target));
            Assert.Throws<ObjectDisposedException>(() => buffer.Transfer(target));
            buffer.Dispose(); // detached: does nothing
            return (t, backing);
        }));
        Assert.Same(source, transfer.Source);
        Assert.Same(target, transfer.Target);
        Assert.Equal(300, transfer.Length);
        var sourceStats = source.GetSharingStats();
        Assert.Equal(1, sourceStats.TransfersOut);
        Assert.Equal(0, sourceStats.OwnedBuffers);
        Assert.Equal(0, sourceStats.OwnedBytes);
        Assert.Equal(0, sourceStats.BuffersFreed);
        Assert.Equal(0, pool.Returns);

        SharedBuffer? moved = null;
        await Within(target.RunAsync(() =>
        {
            moved = transfer.Accept();
            Assert.Same(target, moved.Owner);
            Assert.False(moved.IsFrozen);
            Pattern.Verify(moved.ReadOnlySpan, 11, "accepted buffer");
            Assert.Same(array, Pattern.ArrayOf(moved.ReadOnlyMemory)); // moved without a copy
            moved.Span.Fill(0xAB); // the new owner writes
        }));
        var targetStats = target.GetSharingStats();
        Assert.Equal(1, targetStats.TransfersIn);
        Assert.Equal(1, targetStats.OwnedBuffers);
        Assert.Equal(300, targetStats.OwnedBytes);

        await Within(target.RunAsync(() => moved!.Dispose()));
        var ret = Assert.Single(pool.ReturnsOf(array));
        Assert.Equal(target.ThreadId, ret.ThreadId);
        Assert.Equal(source.ThreadId, Assert.Single(pool.RentEvents).ThreadId);
        Assert.Equal(1, target.GetSharingStats().BuffersFreed);
        Assert.Equal(0, target.GetSharingStats().OwnedBuffers);
        await ShutdownClean(runtime);
        Assert.Empty(pool.Errors);
    }

    [Fact]
    public async Task A_transferred_buffer_is_shared_by_its_new_owner_and_returns_come_to_it()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var source = runtime.CreateDomain("source");
        var target = runtime.CreateDomain("target");
        var reader = runtime.CreateDomain("reader");
        var transfer = await Within(source.CallAsync(() => SharedBuffer.Allocate(100).Transfer(target)));
        var handle = await Within(target.CallAsync(() =>
        {
            using var buffer = transfer.Accept();
            Pattern.Fill(buffer.Span, 3);
            return buffer.Share(reader);
        }));
        await Within(reader.RunAsync(() =>
        {
            using var proxy = handle.Open();
            Assert.Same(target, proxy.Owner);
            Pattern.Verify(proxy.Span, 3, "reader");
        }));
        await Eventually(() => Assert.Equal(1, target.GetSharingStats().BuffersFreed));
        Assert.Equal(1, target.GetSharingStats().ReturnsReceived);
        Assert.Equal(0, source.GetSharingStats().ReturnsReceived);
        Assert.Equal(target.ThreadId, Assert.Single(pool.Events, e => !e.IsRent).ThreadId);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Transferring_a_shared_buffer_throws_BufferFrozenException_and_keeps_it_with_its_owner()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var other = runtime.CreateDomain("other");
        var (ex, id) = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(16);
            buffer.Share(other).Dispose();
            var e = Assert.Throws<BufferFrozenException>(() => buffer.Transfer(other));
            Assert.Same(owner, buffer.Owner);
            Assert.Equal(16, buffer.ReadOnlySpan.Length);
            return (e, buffer.Id);
        }));
        Assert.Equal("owner", ex.DomainName);
        Assert.Contains($"buffer #{id}", ex.Message);
        Assert.Equal(0, owner.GetSharingStats().TransfersOut);
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task A_transfer_disposed_unaccepted_returns_the_memory_on_the_sources_thread()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var source = runtime.CreateDomain("source");
        var target = runtime.CreateDomain("target");
        var transfer = await Within(source.CallAsync(() => SharedBuffer.Allocate(512).Transfer(target)));
        var array = Assert.Single(pool.RentEvents).Array;

        transfer.Dispose(); // from the test's thread
        transfer.Dispose();

        await Eventually(() => Assert.False(pool.IsOut(array)));
        var ret = Assert.Single(pool.ReturnsOf(array));
        Assert.Equal(source.ThreadId, ret.ThreadId);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Within(target.CallAsync(transfer.Accept)));
        Assert.Contains("'target'", ex.Message);
        Assert.Equal(0, target.GetSharingStats().OwnedBuffers);
        await ShutdownClean(runtime);
        Assert.Empty(pool.Errors);
    }

    [Fact]
    public async Task A_transfer_dropped_unaccepted_and_collected_returns_the_memory()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var source = runtime.CreateDomain("source");
        var target = runtime.CreateDomain("target");
        await Within(source.RunAsync(() => DropTransfer(target)));
        var array = Assert.Single(pool.RentEvents).Array;
        await EventuallyAfterGc(() => Assert.False(pool.IsOut(array)));
        Assert.Equal(source.ThreadId, Assert.Single(pool.ReturnsOf(array)).ThreadId);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Accept_is_once_and_only_on_the_target()
    {
        var runtime = NewRuntime();
        var source = runtime.CreateDomain("source");
        var target = runtime.CreateDomain("target");
        var transfer = await Within(source.CallAsync(() => SharedBuffer.Allocate(4).Transfer(target)));
        var wrong = await Assert.ThrowsAsync<WrongDomainException>(() => Within(source.CallAsync(transfer.Accept)));
        Assert.Contains("'target'", wrong.Message);
        Assert.Contains("'source'", wrong.Message);
        Assert.Throws<WrongDomainException>(() => transfer.Accept());
        await Within(target.RunAsync(() =>
        {
            using var buffer = transfer.Accept();
            var again = Assert.Throws<InvalidOperationException>(() => transfer.Accept());
            Assert.IsType<InvalidOperationException>(again);
        }));
        transfer.Dispose(); // accepted: nothing to give back
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Transfer_to_a_closed_domain_throws_DomainClosedException_naming_it()
    {
        var runtime = NewRuntime();
        var source = runtime.CreateDomain("source");
        var gone = runtime.CreateDomain("gone");
        await Within(gone.CloseAsync());
        var ex = await Assert.ThrowsAsync<DomainClosedException>(() => Within(source.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(4);
            return buffer.Transfer(gone);
        })));
        Assert.Equal("gone", ex.DomainName);
        Assert.Contains("'gone'", ex.Message);
        await Eventually(() => Assert.Equal(0, source.GetSharingStats().OwnedBuffers));
        await ShutdownClean(runtime);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void DropTransfer(Domain target) => SharedBuffer.Allocate(256).Transfer(target);
}
