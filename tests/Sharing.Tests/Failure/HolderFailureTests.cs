using ActorInterp.Domains;
using ActorInterp.Sharing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.Failure;

public sealed class HolderFailureTests(ITestOutputHelper output) : SharingTestKit(output)
{
    private static Task<BufferHandle[]> ShareMany(Domain owner, Domain holder, int buffers, int handlesEach) => owner.CallAsync(() =>
    {
        var handles = new List<BufferHandle>();
        for (var i = 0; i < buffers; i++)
        {
            using var buffer = SharedBuffer.Allocate(100 + i);
            for (var k = 0; k < handlesEach; k++) handles.Add(buffer.Share(holder));
        }
        return handles.ToArray();
    });

    [Fact]
    public async Task A_holder_that_closes_while_holding_proxies_gives_everything_back_and_the_owner_frees()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var handles = await Within(ShareMany(owner, holder, buffers: 2, handlesEach: 2));
        var proxies = await Within(holder.CallAsync(() => handles.Select(h => h.Open().Retain()).ToArray()));
        Assert.Equal(2, owner.GetSharingStats().BorrowsOut);

        var report = await Within(holder.CloseAsync());

        Assert.Equal(2, report.ReleasedHeld); // one borrow per buffer
        Assert.True(report.IsClean);
        await Eventually(() => Assert.Equal(2, owner.GetSharingStats().BuffersFreed));
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);
        Assert.Equal(0, owner.GetSharingStats().OwnedBuffers);
        Assert.Equal(2, owner.GetSharingStats().ReturnsReceived);
        Assert.All(pool.Events.Where(e => !e.IsRent), e => Assert.Equal(owner.ThreadId, e.ThreadId));
        Assert.Equal(0, pool.Outstanding);

        // Disposing the proxies of a closed holder is harmless.
        foreach (var p in proxies) p.Dispose();
        await Barrier(owner);
        Assert.Equal(2, pool.Returns);
        Assert.Empty(pool.Errors);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task A_holder_that_crashes_is_reclaimed_through_DeathWatch_and_the_owner_frees()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var handles = await Within(ShareMany(owner, holder, buffers: 3, handlesEach: 1));
        var proxies = await Within(holder.CallAsync(() => handles.Select(h => h.Open()).ToArray()));

        holder.Crash();

        await Eventually(() =>
        {
            Assert.Equal(DomainState.Closed, holder.State);
            Assert.Equal(1, owner.GetSharingStats().Reclaims);
            Assert.Equal(3, owner.GetSharingStats().BuffersFreed);
        });
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);
        Assert.Equal(0, owner.GetSharingStats().ReturnsReceived); // nothing came back: it was taken back
        Assert.Equal(0, pool.Outstanding);
        Assert.All(pool.Events.Where(e => !e.IsRent), e => Assert.Equal(owner.ThreadId, e.ThreadId));
        GC.KeepAlive(proxies);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task A_crashed_holders_unopened_handle_is_reclaimed_and_its_late_drop_ignored()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var log = LogCollector.Attach(Sys);
        var handles = await Within(ShareMany(owner, holder, buffers: 1, handlesEach: 2));
        await Within(holder.RunAsync(() => handles[0].Open()));
        holder.Crash();
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        handles[1].Dispose();
        await Barrier(owner);
        Assert.Equal(1, pool.Returns);
        Assert.Empty(pool.Errors);
        await ShutdownClean(runtime);
        Assert.DoesNotContain(log.Errors, e => e.Contains("refused a return"));
    }

    [Fact]
    public async Task Sharing_to_a_closed_domain_throws_DomainClosedException_naming_it()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var relay = runtime.CreateDomain("relay");
        var gone = runtime.CreateDomain("gone-holder");
        var handle = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(8);
            return buffer.Share(relay);
        }));
        var proxy = await Within(relay.CallAsync(handle.Open));
        await Within(gone.CloseAsync());

        var share = await Assert.ThrowsAsync<DomainClosedException>(() => Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(8);
            return buffer.Share(gone);
        })));
        var forward = await Assert.ThrowsAsync<DomainClosedException>(() => Within(relay.CallAsync(() => proxy.Share(gone))));
        foreach (var ex in new[] { share, forward })
        {
            Assert.Equal("gone-holder", ex.DomainName);
            Assert.Contains("'gone-holder'", ex.Message);
        }
        await Within(relay.RunAsync(proxy.Dispose));
        await Eventually(() => Assert.Equal(2, owner.GetSharingStats().BuffersFreed));
        Assert.Equal(1, owner.GetSharingStats().SharesMade);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Sharing_to_a_crashed_domain_throws_DomainClosedException()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("crasher");
        var handles = await Within(ShareMany(owner, holder, 1, 1));
        // Left undisposed for the crash to reclaim, and kept reachable until then: a collection before the crash
        // would run the proxy's finalizer, which gives the borrow back itself and leaves nothing to reclaim.
        var proxy = await Within(holder.CallAsync(() => handles[0].Open()));
        holder.Crash();
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().Reclaims));
        GC.KeepAlive(proxy);
        var ex = await Assert.ThrowsAsync<DomainClosedException>(() => Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(8);
            return buffer.Share(holder);
        })));
        Assert.Equal("crasher", ex.DomainName);
        await ShutdownClean(runtime);
    }
}
