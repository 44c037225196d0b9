using ActorInterp.Domains;
using ActorInterp.Sharing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.Share;

public sealed class ShareTests(ITestOutputHelper output) : SharingTestKit(output)
{
    [Fact]
    public async Task Share_open_read_dispose_returns_the_borrow_and_the_owner_frees_on_its_own_thread()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");

        var (handle, array) = await Within(owner.CallAsync(() =>
        {
            var buffer = SharedBuffer.Allocate(4096);
            Pattern.Fill(buffer.Span, 42);
            var shared = buffer.Share(holder);
            var backing = Pattern.ArrayOf(buffer.ReadOnlyMemory);
            buffer.Dispose(); // the owner lets go; the borrow keeps the memory
            return (shared, backing);
        }));
        var rent = Assert.Single(pool.RentEvents);
        Assert.Equal(owner.ThreadId, rent.ThreadId);
        Assert.Same(owner, rent.Domain);

        var proxy = await Within(holder.CallAsync(() =>
        {
            var p = handle.Open();
            Pattern.Verify(p.Span, 42, "holder read");
            Assert.Same(array, Pattern.ArrayOf(p.Memory)); // no copy was made
            return p;
        }));

        // The proxy is still open: the owner has processed everything, and the memory is still out.
        await Barrier(holder, owner);
        Assert.Empty(pool.ReturnsOf(array));
        Assert.True(pool.IsOut(array));
        Assert.Equal(1, owner.GetSharingStats().OwnedBuffers);
        Assert.Equal(1, owner.GetSharingStats().BorrowsOut);

        await Within(holder.RunAsync(proxy.Dispose));

        await Eventually(() =>
        {
            Assert.Equal(1, owner.GetSharingStats().BuffersFreed);
            var ret = Assert.Single(pool.ReturnsOf(array));
            Assert.Equal(owner.ThreadId, ret.ThreadId);
            Assert.Same(owner, ret.Domain);
        });
        Assert.NotEqual(owner.ThreadId, holder.ThreadId);
        Assert.Equal(0, owner.GetSharingStats().OwnedBuffers);
        Assert.Equal(0, owner.GetSharingStats().OwnedBytes);
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);
        Assert.Equal(1, owner.GetSharingStats().ReturnsReceived);

        await Barrier(holder, owner);
        Assert.Single(pool.ReturnsOf(array)); // exactly once
        await ShutdownClean(runtime);
        Assert.Empty(pool.Errors);
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public async Task Memory_goes_back_only_after_the_last_of_several_holders_disposes()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holders = new[] { runtime.CreateDomain("h1"), runtime.CreateDomain("h2"), runtime.CreateDomain("h3") };

        var (handles, array) = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(1000);
            Pattern.Fill(buffer.Span, 7);
            return (holders.Select(buffer.Share).ToArray(), Pattern.ArrayOf(buffer.ReadOnlyMemory));
        }));
        var proxies = new BufferProxy[holders.Length];
        for (var i = 0; i < holders.Length; i++)
        {
            var h = handles[i];
            proxies[i] = await Within(holders[i].CallAsync(() =>
            {
                var p = h.Open();
                Pattern.Verify(p.Span, 7, "holder read");
                return p;
            }));
        }

        for (var i = 0; i < holders.Length; i++)
        {
            var p = proxies[i];
            await Within(holders[i].RunAsync(p.Dispose));
            var returned = i + 1;
            await Eventually(() => Assert.Equal(returned, owner.GetSharingStats().ReturnsReceived));
            if (returned < holders.Length)
            {
                await Barrier(owner);
                Assert.True(pool.IsOut(array), $"freed after {returned} of {holders.Length} returns");
                Assert.Equal(holders.Length - returned, owner.GetSharingStats().BorrowsOut);
                // The holders still reading see the owner's bytes.
                var next = proxies[i + 1];
                await Within(holders[i + 1].RunAsync(() => Pattern.Verify(next.Span, 7, "later holder read")));
            }
        }

        await Eventually(() => Assert.False(pool.IsOut(array)));
        var ret = Assert.Single(pool.ReturnsOf(array));
        Assert.Equal(owner.ThreadId, ret.ThreadId);
        await ShutdownClean(runtime);
        Assert.Empty(pool.Errors);
    }

    [Fact]
    public async Task When_holders_return_first_the_owners_dispose_frees_at_once_on_its_thread()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        SharedBuffer? buffer = null;
        var handle = await Within(owner.CallAsync(() =>
        {
            buffer = SharedBuffer.Allocate(64);
            return buffer.Share(holder);
        }));
        await Within(holder.RunAsync(() => handle.Open().Dispose()));
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().ReturnsReceived));
        await Barrier(owner);
        Assert.Equal(0, pool.Returns); // the owner still holds it
        Assert.Equal(1, owner.GetSharingStats().OwnedBuffers);

        var freedInCall = await Within(owner.CallAsync(() =>
        {
            buffer!.Dispose();
            return pool.Returns;
        }));
        Assert.Equal(1, freedInCall);
        Assert.Equal(owner.ThreadId, pool.Events.Last().ThreadId);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Owner_dispose_from_another_thread_is_posted_and_frees_on_the_owners_thread()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var buffer = await Within(owner.CallAsync(() => SharedBuffer.Allocate(128)));

        buffer.Dispose(); // from the test's thread
        buffer.Dispose(); // again: nothing more

        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        await Barrier(owner);
        var ret = Assert.Single(pool.Events, e => !e.IsRent);
        Assert.Equal(owner.ThreadId, ret.ThreadId);
        Assert.Equal(0, owner.GetSharingStats().OwnedBuffers);
        await ShutdownClean(runtime);
        Assert.Empty(pool.Errors);
    }

    [Fact]
    public async Task An_unshared_buffer_is_freed_at_dispose_and_a_second_dispose_does_nothing()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var returns = await Within(owner.CallAsync(() =>
        {
            var buffer = SharedBuffer.CopyOf([1, 2, 3]);
            Assert.Equal([1, 2, 3], buffer.ReadOnlySpan.ToArray());
            buffer.Dispose();
            var afterFirst = pool.Returns;
            buffer.Dispose();
            Assert.Throws<ObjectDisposedException>(() => buffer.ReadOnlySpan.Length);
            return (afterFirst, pool.Returns);
        }));
        Assert.Equal((1L, 1L), returns);
        Assert.Equal(1, owner.GetSharingStats().BuffersFreed);
        await ShutdownClean(runtime);
        Assert.Empty(pool.Errors);
    }

    [Fact]
    public async Task Allocate_clear_zeroes_reused_memory()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var zeroed = await Within(owner.CallAsync(() =>
        {
            using (var dirty = SharedBuffer.Allocate(256)) dirty.Span.Fill(0xFF);
            using var clean = SharedBuffer.Allocate(256, clear: true);
            return clean.ReadOnlySpan.IndexOfAnyExcept((byte)0) < 0;
        }));
        Assert.True(zeroed);
        await ShutdownClean(runtime);
    }
}
