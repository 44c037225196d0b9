using ActorInterp.Domains;
using ActorInterp.Sharing.Protocol;
using ActorInterp.Sharing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.SteadyState;

/// <summary>
/// Lending buffers the owner keeps, over and over, to one holder: once warm, the lend allocates only the
/// objects the caller gets (a handle, a proxy) and the return allocates nothing, on either side. Measured
/// with <see cref="GC.GetAllocatedBytesForCurrentThread"/> inside the domains' own turns.
/// </summary>
public sealed class SteadyStateAllocationTests(ITestOutputHelper output) : SharingTestKit(output)
{
    private const int Rounds = 3;

    [Fact]
    public async Task Lending_a_kept_buffer_again_to_the_same_holder_allocates_only_the_handle_and_the_proxy()
    {
        const int lends = 100;
        var runtime = NewRuntime(new RecordingPool());
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var buffer = await Within(owner.CallAsync(() => SharedBuffer.Allocate(64)));
        var core = await Within(owner.CallAsync(() => buffer.Core)); // for sizing a proxy on the holder's thread
        long shareBytes = 0, openBytes = 0, handleSize = 0, proxySize = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var handles = await Within(owner.CallAsync(() =>
            {
                var made = new BufferHandle[lends];
                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < lends; i++) made[i] = buffer.Share(holder);
                shareBytes = GC.GetAllocatedBytesForCurrentThread() - before;
                handleSize = SizeOf(() => new BufferHandle(buffer.Core, holder, Weight.One, 0, 64));
                return made;
            }));
            await Within(holder.RunAsync(() =>
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                foreach (var handle in handles) handle.Open().Dispose();
                openBytes = GC.GetAllocatedBytesForCurrentThread() - before;
                var entry = new HeldEntry(core, holder);
                proxySize = SizeOf(() => new BufferProxy(entry, holder, null, 0, 64));
            }));
            var returned = (round + 1L) * lends;
            await Eventually(() => Assert.Equal(returned, owner.GetSharingStats().ReturnsReceived));
            await Barrier(owner); // the turn that applied the last batch has ended: the batch is back for reuse
        }
        Assert.Equal(lends * handleSize, shareBytes);
        Assert.Equal(lends * proxySize, openBytes);
        await Within(owner.RunAsync(buffer.Dispose));
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Full_batches_of_returns_leave_without_allocating_once_the_owner_has_handed_earlier_ones_back()
    {
        const int buffers = 1000; // four batches of returns and part of a fifth
        var runtime = NewRuntime(new RecordingPool());
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var kept = await Within(owner.CallAsync(() => Enumerable.Range(0, buffers).Select(_ => SharedBuffer.Allocate(16)).ToArray()));
        long disposeBytes = -1;
        for (var round = 0; round < Rounds; round++)
        {
            var handles = await Within(owner.CallAsync(() => kept.Select(b => b.Share(holder)).ToArray()));
            var proxies = await Within(holder.CallAsync(() => handles.Select(h => h.Open()).ToArray()));
            await Within(holder.RunAsync(() =>
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                foreach (var proxy in proxies) proxy.Dispose();
                disposeBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            }));
            var returned = (round + 1L) * buffers;
            await Eventually(() => Assert.Equal(returned, owner.GetSharingStats().ReturnsReceived));
            await Barrier(owner); // the turn that applied the last batch has ended: the batch is back for reuse
        }
        Assert.Equal(0, disposeBytes);
        await Within(owner.RunAsync(() => { foreach (var b in kept) b.Dispose(); }));
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Publishing_the_borrows_by_holder_at_the_end_of_a_turn_allocates_nothing()
    {
        var runtime = NewRuntime(new RecordingPool());
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        long publishBytes = -1;
        var handles = new List<BufferHandle>();
        for (var round = 0; round < Rounds; round++)
        {
            handles.Add(await Within(owner.CallAsync(() =>
            {
                using var buffer = SharedBuffer.Allocate(16);
                var handle = buffer.Share(holder); // the holder's count changed: the turn's end publishes it
                var state = SharingState.For(owner);
                var before = GC.GetAllocatedBytesForCurrentThread();
                state.OnTurnEnd();
                publishBytes = GC.GetAllocatedBytesForCurrentThread() - before;
                return handle;
            })));
        }
        Assert.Equal(0, publishBytes);
        Assert.Equal(Rounds, owner.GetSharingStats().BorrowsByHolder["holder"]);
        await Within(holder.RunAsync(() => { foreach (var h in handles) h.Open().Dispose(); }));
        await Eventually(() => Assert.Empty(owner.GetSharingStats().BorrowsByHolder));
        await ShutdownClean(runtime);
    }

    // The bytes one object of a kind takes, as this runtime lays it out (the same way the code under test allocates it).
    private static long SizeOf(Func<object> make)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var made = make();
        var size = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.SuppressFinalize(made); // never handed out: nothing to give back
        return size;
    }
}
