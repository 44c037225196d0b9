using System.Runtime.CompilerServices;
using ActorInterp.Domains;
using ActorInterp.Sharing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.Finalizer;

public sealed class FinalizerTests(ITestOutputHelper output) : SharingTestKit(output)
{
    [Fact]
    public async Task A_proxy_collected_without_dispose_returns_its_borrow_and_the_owner_frees_it()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var log = LogCollector.Attach(Sys);
        var handle = await ShareOne(owner, holder);
        await Within(holder.RunAsync(() => OpenAndDropProxy(handle)));
        await Barrier(holder, owner);
        Assert.Equal(0, pool.Returns);

        await EventuallyAfterGc(() =>
        {
            Assert.Equal(1, holder.GetSharingStats().ProxiesFinalized);
            Assert.Equal(1, owner.GetSharingStats().BuffersFreed);
        });
        Assert.Equal(owner.ThreadId, Assert.Single(pool.Events, e => !e.IsRent).ThreadId);
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);
        await Eventually(() => Assert.Contains(log.Warnings, w =>
            w.Contains("collected without Dispose") && w.Contains("'owner'") && w.Contains("'holder'") && w.Contains("TrackLeakSites")));
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task With_TrackLeakSites_the_warning_names_where_the_proxy_was_opened()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool, trackLeakSites: true);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var log = LogCollector.Attach(Sys);
        var handle = await ShareOne(owner, holder);
        await Within(holder.RunAsync(() => OpenAndDropProxy(handle)));

        await EventuallyAfterGc(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        Assert.Equal(1, holder.GetSharingStats().ProxiesFinalized);
        await Eventually(() => Assert.Contains(log.Warnings, w =>
            w.Contains("collected without Dispose") && w.Contains("Opened at:") && w.Contains(nameof(OpenAndDropProxy))));
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task A_retained_proxy_collected_without_dispose_returns_once()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var log = LogCollector.Attach(Sys);
        var handle = await ShareOne(owner, holder);
        await Within(holder.RunAsync(() => OpenRetainAndDropProxy(handle)));
        await EventuallyAfterGc(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        await Barrier(holder, owner);
        Assert.Equal(1, holder.GetSharingStats().ProxiesFinalized);
        Assert.Equal(1, owner.GetSharingStats().ReturnsReceived);
        Assert.Equal(1, pool.Returns);
        Assert.Empty(pool.Errors);
        await ShutdownClean(runtime);
        Assert.DoesNotContain(log.Errors, e => e.Contains("refused a return"));
    }

    [Fact]
    public async Task A_disposed_proxy_is_never_counted_as_finalized()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var handle = await ShareOne(owner, holder);
        await Within(holder.RunAsync(() => OpenAndDisposeProxy(handle)));
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        await Barrier(holder, owner);
        Assert.Equal(0, holder.GetSharingStats().ProxiesFinalized);
        Assert.Equal(1, owner.GetSharingStats().ReturnsReceived);
        await ShutdownClean(runtime);
    }

    private async Task<BufferHandle> ShareOne(Domain owner, Domain holder) => await Within(owner.CallAsync(() =>
    {
        using var buffer = SharedBuffer.Allocate(256);
        return buffer.Share(holder);
    }));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void OpenAndDropProxy(BufferHandle handle)
    {
#pragma warning disable AI0001 // dropped on purpose: the test is about the finalizer's report
        var proxy = handle.Open();
#pragma warning restore AI0001
        Assert.Equal(256, proxy.Span.Length);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void OpenRetainAndDropProxy(BufferHandle handle) => handle.Open().Retain().Retain();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void OpenAndDisposeProxy(BufferHandle handle) => handle.Open().Dispose();
}
