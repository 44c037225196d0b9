using ActorInterp.Domains;
using ActorInterp.TestSupport;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Sharing.Tests.Buffers;

public sealed class WhenFreedTests : ActorInterpTestKit
{
    [Fact]
    public async Task Runs_on_the_owners_thread_once_the_last_borrow_came_back()
    {
        var runtime = new DomainRuntime(Sys);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var probe = CreateTestProbe();
        var handle = await owner.CallAsync(() =>
        {
            var buffer = SharedBuffer.Allocate(256);
            buffer.WhenFreed(() => probe.Ref.Tell(("freed", Domain.Current?.Name, owner.GetSharingStats().BuffersFreed)));
            var h = buffer.Share(holder);
            buffer.Dispose();
            return h;
        });
        var proxy = await holder.CallAsync(() => handle.Open());
        Assert.Equal(0L, await owner.CallAsync(() => owner.GetSharingStats().BuffersFreed));
        Assert.False(probe.HasMessages);
        await holder.RunAsync(() => proxy.Dispose());
        probe.ExpectMsg(("freed", (string?)"owner", 1L));
        Assert.True((await runtime.ShutdownAsync()).IsClean);
    }

    [Fact]
    public async Task After_a_transfer_runs_on_the_new_owners_thread_when_it_frees()
    {
        var runtime = new DomainRuntime(Sys);
        var source = runtime.CreateDomain("source");
        var target = runtime.CreateDomain("target");
        var probe = CreateTestProbe();
        var transfer = await source.CallAsync(() =>
        {
            var buffer = SharedBuffer.Allocate(64);
            buffer.WhenFreed(() => probe.Ref.Tell(Domain.Current?.Name ?? "none"));
            return buffer.Transfer(target);
        });
        await target.RunAsync(() => transfer.Accept().Dispose());
        probe.ExpectMsg("target");
        Assert.True((await runtime.ShutdownAsync()).IsClean);
    }

    [Fact]
    public async Task A_throwing_callback_is_counted_and_the_free_still_completes()
    {
        var runtime = new DomainRuntime(Sys);
        var owner = runtime.CreateDomain("owner");
        await owner.RunAsync(() =>
        {
            var buffer = SharedBuffer.Allocate(16);
            buffer.WhenFreed(() => throw new InvalidOperationException("callback failure"));
            buffer.Dispose();
        });
        Assert.Equal(1, owner.GetStats().PendingCallFailures);
        Assert.Equal(1, owner.GetSharingStats().BuffersFreed);
        Assert.Equal(0, owner.GetSharingStats().OwnedBuffers);
        Assert.True((await runtime.ShutdownAsync()).IsClean);
    }
}
