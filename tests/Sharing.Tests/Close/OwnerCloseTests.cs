using ActorInterp.Domains;
using ActorInterp.Sharing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.Close;

public sealed class OwnerCloseTests(ITestOutputHelper output) : SharingTestKit(output)
{
    // The owner keeps its hold (a close lets it go): the owner's handles stay reachable from the test, since
    // an owner's handle that is collected lets go of its hold by itself.
    private readonly List<SharedBuffer> _ownerHandles = [];

    private Task<BufferHandle[]> ShareTo(Domain owner, params Domain[] holders) => owner.CallAsync(() =>
    {
        var buffer = SharedBuffer.Allocate(512);
        Pattern.Fill(buffer.Span, 17);
        lock (_ownerHandles) _ownerHandles.Add(buffer);
        return holders.Select(buffer.Share).ToArray();
    });

    [Fact]
    public async Task A_drain_completes_only_after_the_last_borrow_returns()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var h1 = runtime.CreateDomain("h1");
        var h2 = runtime.CreateDomain("h2");
        var handles = await Within(ShareTo(owner, h1, h2));
        var p1 = await Within(h1.CallAsync(handles[0].Open));
        var p2 = await Within(h2.CallAsync(handles[1].Open));

        var close = owner.CloseAsync(CloseMode.Drain, Dilated(TimeSpan.FromSeconds(60)));
        Assert.Equal(DomainState.Closing, owner.State);
        await Assert.ThrowsAsync<DomainClosedException>(() => owner.CallAsync(() => 0));

        await Within(h1.RunAsync(p1.Dispose));
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().ReturnsReceived));
        await Barrier(owner);
        Assert.False(close.IsCompleted, "the drain finished with a borrow still out");
        Assert.True(pool.IsOut(Assert.Single(pool.RentEvents).Array));
        await Within(h2.RunAsync(() => Pattern.Verify(p2.Span, 17, "reader during the drain")));

        await Within(h2.RunAsync(p2.Dispose));
        var report = await Within(close);

        Assert.Equal(DomainState.Closed, owner.State);
        Assert.Equal(CloseMode.Drain, report.Mode);
        Assert.Equal(1, report.FreedAtClose);
        Assert.Equal(0, report.RevokedBorrows);
        Assert.Equal(2, owner.GetSharingStats().ReturnsReceived);
        Assert.Equal(owner.ThreadId, Assert.Single(pool.Events, e => !e.IsRent).ThreadId);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task A_drain_that_times_out_lists_the_buffer_the_holder_and_the_time_and_the_domain_runs_on()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("slow-holder");
        var before = DateTimeOffset.UtcNow;
        var handles = await Within(ShareTo(owner, holder));
        var proxy = await Within(holder.CallAsync(handles[0].Open));
        var id = proxy.BufferId;

        var ex = await Assert.ThrowsAsync<DrainTimeoutException>(() => Within(owner.CloseAsync(CloseMode.Drain, TimeSpan.FromMilliseconds(300))));

        Assert.Equal("owner", ex.DomainName);
        var item = Assert.Single(ex.Outstanding);
        Assert.Contains($"buffer #{id}", item.What);
        Assert.Equal("slow-holder", item.Holder);
        Assert.InRange(item.Since, before.AddSeconds(-1), DateTimeOffset.UtcNow);
        Assert.Contains($"buffer #{id}", ex.Message);
        Assert.Contains("'slow-holder'", ex.Message);
        Assert.Contains(item.Since.ToString("HH:mm:ss.fff"), ex.Message);

        Assert.Equal(DomainState.Running, owner.State);
        Assert.Equal(7, await Within(owner.CallAsync(() => 7)));
        await Within(holder.RunAsync(() => Pattern.Verify(proxy.Span, 17, "holder after the failed drain")));
        await Within(holder.RunAsync(proxy.Dispose));
        var report = await Within(owner.CloseAsync());
        Assert.Equal(1, report.FreedAtClose);
        Assert.Equal(0, pool.Outstanding);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task A_forced_close_revokes_proxies_and_the_pool_never_gets_the_memory_back()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var late = runtime.CreateDomain("late");
        var handles = await Within(ShareTo(owner, holder, late));
        var array = Assert.Single(pool.RentEvents).Array;
        var proxy = await Within(holder.CallAsync(handles[0].Open));

        var report = await Within(owner.CloseAsync(CloseMode.Force));

        Assert.Equal(CloseMode.Force, report.Mode);
        Assert.Equal(2, report.RevokedBorrows); // the open proxy and the handle still on its way
        Assert.False(report.IsClean);
        Assert.Equal(2, owner.GetSharingStats().Revoked);
        Assert.Equal(0, owner.GetSharingStats().OwnedBuffers);
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);

        var (revoked, error) = await Within(holder.CallAsync(() =>
            (proxy.IsRevoked, Assert.Throws<OwnerClosedException>(() => proxy.Span.Length))));
        Assert.True(revoked);
        Assert.Equal("owner", error.DomainName);
        Assert.Contains("'owner'", error.Message);
        var lateError = await Within(late.CallAsync(() =>
        {
            using var p = handles[1].Open();
            return Assert.Throws<OwnerClosedException>(() => p.Memory.Length);
        }));
        Assert.Equal("owner", lateError.DomainName);

        await Within(holder.RunAsync(proxy.Dispose));
        await Barrier(holder, late);
        Assert.True(pool.IsOut(array), "a revoked buffer's memory went back to the pool");
        Assert.Empty(pool.ReturnsOf(array));

        var shutdown = await Within(runtime.ShutdownAsync());
        await runtime.DisposeAsync();
        Assert.True(shutdown.IsClean); // the owner's close was reported by its own CloseAsync
        Assert.Empty(pool.ReturnsOf(array));
        Assert.Empty(pool.Errors);
    }

    [Fact]
    public async Task An_owner_that_crashes_revokes_its_borrows_and_never_hands_the_memory_back()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("crashing-owner");
        var holder = runtime.CreateDomain("holder");
        var handles = await Within(ShareTo(owner, holder));
        var proxy = await Within(holder.CallAsync(handles[0].Open));
        owner.Crash();
        await Eventually(() => Assert.Equal(DomainState.Closed, owner.State));
        var error = await Within(holder.CallAsync(() =>
        {
            Assert.True(proxy.IsRevoked);
            return Assert.Throws<OwnerClosedException>(() => proxy.Span.Length);
        }));
        Assert.Equal("crashing-owner", error.DomainName);
        await Within(holder.RunAsync(proxy.Dispose));
        await Barrier(holder);
        Assert.Equal(0, pool.Returns);
        await ShutdownClean(runtime);
        Assert.Equal(0, pool.Returns);
    }

    [Fact]
    public async Task A_force_after_a_drain_under_way_revokes_and_completes_the_drain()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var handles = await Within(ShareTo(owner, holder));
        var proxy = await Within(holder.CallAsync(handles[0].Open));
        var drain = owner.CloseAsync(CloseMode.Drain, Dilated(TimeSpan.FromSeconds(60)));
        var force = owner.CloseAsync(CloseMode.Force);
        var report = await Within(force);
        Assert.Same(report, await Within(drain));
        Assert.Equal(1, report.RevokedBorrows);
        Assert.True(await Within(holder.CallAsync(() => proxy.IsRevoked)));
        Assert.Equal(0, pool.Returns);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Shutdown_while_the_main_domain_holds_a_proxy_of_another_domains_buffer_is_clean()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(new DomainRuntimeOptions { DefaultCloseTimeout = Dilated(TimeSpan.FromSeconds(10)), Layers = [new SharingOptions { BufferPool = pool }] });
        var owner = runtime.CreateDomain("owner");
        var handles = await Within(ShareTo(owner, runtime.Main));
        await Within(runtime.Main.RunAsync(() => handles[0].Open()));

        var report = await Within(runtime.ShutdownAsync());
        await runtime.DisposeAsync();

        Assert.Empty(report.Forced);
        Assert.True(report.IsClean);
        Assert.Equal(0, pool.Outstanding);
    }
}
