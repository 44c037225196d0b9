using System.Runtime.InteropServices;
using ActorInterp.Domains;
using ActorInterp.Sharing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.Slices;

/// <summary>
/// Lending a range of a buffer: the borrow is one of the whole buffer, the holder reads only its range,
/// bounds are checked before anything happens, and passing a slice on can only narrow it.
/// </summary>
public sealed class SliceTests(ITestOutputHelper output) : SharingTestKit(output)
{
    private const uint Seed = 91;

    [Fact]
    public async Task A_slice_proxy_reads_exactly_its_range_of_the_owners_memory_without_a_copy()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var (handle, array) = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(1000);
            Pattern.Fill(buffer.Span, Seed);
            return (buffer.Share(holder, 100, 250), Pattern.ArrayOf(buffer.ReadOnlyMemory));
        }));
        Assert.Equal((100, 250), (handle.Offset, handle.Length));

        await Within(holder.RunAsync(() =>
        {
            using var proxy = handle.Open();
            Assert.Equal((100, 250), (proxy.Offset, proxy.Length));
            Assert.Equal(250, proxy.Span.Length);
            Pattern.Verify(proxy.Span, Seed, 100, "the slice");
            Assert.True(MemoryMarshal.TryGetArray(proxy.Memory, out var segment));
            Assert.Same(array, segment.Array); // the owner's memory, not a copy
            Assert.Equal((100, 250), (segment.Offset, segment.Count));
            Assert.Equal(250, ((IReadOnlyBuffer)proxy).ReadOnlySpan.Length);
        }));
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        await ShutdownClean(runtime);
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public async Task A_slice_lend_is_a_borrow_of_the_whole_buffer_and_the_owner_frees_only_when_it_returns()
    {
        var pool = new RecordingPool { CheckOwnerThread = true };
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var (handle, array, frozen) = await Within(owner.CallAsync(() =>
        {
            var buffer = SharedBuffer.Allocate(4096);
            Pattern.Fill(buffer.Span, Seed);
            var h = buffer.Share(holder, 4000, 96);
            var isFrozen = buffer.IsFrozen; // a slice freezes the whole buffer
            var backing = Pattern.ArrayOf(buffer.ReadOnlyMemory);
            buffer.Dispose();
            return (h, backing, isFrozen);
        }));
        Assert.True(frozen);
        var proxy = await Within(holder.CallAsync(handle.Open));
        await Barrier(holder, owner);
        Assert.Equal(1, owner.GetSharingStats().BorrowsOut);
        Assert.Equal(1, owner.GetSharingStats().OwnedBuffers);
        Assert.Equal(4096, owner.GetSharingStats().OwnedBytes); // the whole buffer stays owned, not just the slice
        Assert.True(pool.IsOut(array));

        await Within(holder.RunAsync(() =>
        {
            Pattern.Verify(proxy.Span, Seed, 4000, "the slice before the return");
            proxy.Dispose();
        }));
        await Eventually(() => Assert.Single(pool.ReturnsOf(array)));
        Assert.Equal(1, owner.GetSharingStats().ReturnsReceived); // one return of the whole borrow, as for a whole lend
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);
        await ShutdownClean(runtime);
        Assert.Empty(pool.Errors);
    }

    [Theory]
    [InlineData(-1, 10, "start")]
    [InlineData(101, 0, "start")]
    [InlineData(0, -1, "length")]
    [InlineData(0, 101, "length")]
    [InlineData(90, 11, "length")]
    [InlineData(1, int.MaxValue, "length")] // start + length overflows int
    public async Task Slice_bounds_outside_the_buffer_throw_ArgumentOutOfRange_and_lend_nothing(int start, int length, string param)
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var (error, frozen) = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(100);
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Share(holder, start, length));
            return (ex, buffer.IsFrozen);
        }));
        Assert.Equal(param, error.ParamName);
        Assert.Contains("Nothing was lent", error.Message);
        Assert.False(frozen); // an operation that reports failure has taken no effect
        await Barrier(owner);
        Assert.Equal(0, owner.GetSharingStats().SharesMade);
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task An_empty_slice_at_the_end_of_the_buffer_is_a_valid_lend()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var handle = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(100);
            return buffer.Share(holder, 100, 0);
        }));
        var length = await Within(holder.CallAsync(() =>
        {
            using var proxy = handle.Open();
            return proxy.Span.Length;
        }));
        Assert.Equal(0, length);
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Slice_bounds_outside_a_proxys_view_throw_ArgumentOutOfRange_and_pass_nothing_on()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var third = runtime.CreateDomain("third");
        var handle = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(1000);
            return buffer.Share(holder, 100, 100);
        }));
        await Within(holder.RunAsync(() =>
        {
            using var proxy = handle.Open();
            // Offsets count from the start of the proxy's view: [0, 100) here, although the buffer has 1000 bytes.
            Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => proxy.Slice(50, 51)).ParamName);
            Assert.Equal("start", Assert.Throws<ArgumentOutOfRangeException>(() => proxy.Slice(-1, 1)).ParamName);
            Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => proxy.Share(third, 0, 101)).ParamName);
            Assert.Equal("start", Assert.Throws<ArgumentOutOfRangeException>(() => proxy.Share(third, 101, 0)).ParamName);
            var message = Assert.Throws<ArgumentOutOfRangeException>(() => proxy.Share(third, 0, 200)).Message;
            Assert.Contains("bytes [100, 200) of buffer", message);
            Assert.Contains("can only narrow", message);
        }));
        await Barrier(holder, owner);
        Assert.Equal(0, owner.GetSharingStats().ForwardNotices); // nothing was passed on
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Forwarding_a_slice_passes_on_that_slice_or_a_narrower_one()
    {
        var runtime = NewRuntime(new RecordingPool { CheckOwnerThread = true });
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var third = runtime.CreateDomain("third");
        var fourth = runtime.CreateDomain("fourth");
        var handle = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(1000);
            Pattern.Fill(buffer.Span, Seed);
            return buffer.Share(holder, 100, 100);
        }));
        var (whole, narrower) = await Within(holder.CallAsync(() =>
        {
            using var proxy = handle.Open();
            return (proxy.Share(third), proxy.Share(fourth, 10, 20));
        }));
        Assert.Equal((100, 100), (whole.Offset, whole.Length));   // the forwarder's view, not the whole buffer
        Assert.Equal((110, 20), (narrower.Offset, narrower.Length));

        var further = await Within(third.CallAsync(() =>
        {
            using var proxy = whole.Open();
            Pattern.Verify(proxy.Span, Seed, 100, "third's slice");
            return proxy.Share(fourth, 90, 10);
        }));
        await Within(fourth.RunAsync(() =>
        {
            using var a = narrower.Open();
            using var b = further.Open();
            Pattern.Verify(a.Span, Seed, 110, "fourth's narrower slice");
            Pattern.Verify(b.Span, Seed, 190, "fourth's slice of third's slice");
            Assert.Equal((190, 10), (b.Offset, b.Length));
        }));
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        Assert.Equal(3, owner.GetSharingStats().ForwardNotices);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task A_proxy_slice_shares_the_holders_borrow_and_it_returns_after_the_last_view_is_disposed()
    {
        var pool = new RecordingPool { CheckOwnerThread = true };
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var third = runtime.CreateDomain("third");
        var (handle, array) = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(500);
            Pattern.Fill(buffer.Span, Seed);
            return (buffer.Share(holder), Pattern.ArrayOf(buffer.ReadOnlyMemory));
        }));
        var (slice, passed) = await Within(holder.CallAsync(() =>
        {
            var proxy = handle.Open();
            var s = proxy.Slice(200, 100).Retain();
            var inner = s.Slice(50, 10);
            Assert.Equal((250, 10), (inner.Offset, inner.Length));
            Pattern.Verify(inner.Span, Seed, 250, "slice of a slice");
            inner.Dispose();
            proxy.Dispose(); // the parent goes; the slice stays readable
            Pattern.Verify(s.Span, Seed, 200, "the slice after its parent's dispose");
            return (s, s.Share(third));
        }));
        Assert.Equal((200, 100), (passed.Offset, passed.Length)); // a slice passes on only its range
        await Barrier(holder, owner);
        Assert.Equal(0, owner.GetSharingStats().ReturnsReceived); // the holder's one borrow is still out
        Assert.True(pool.IsOut(array));

        await Within(third.RunAsync(() =>
        {
            using var p = passed.Open();
            Pattern.Verify(p.Span, Seed, 200, "third's proxy of the slice");
        }));
        await Within(holder.RunAsync(slice.Dispose));
        await Barrier(holder, owner);
        Assert.True(pool.IsOut(array)); // retained once: one reference left
        await Within(holder.RunAsync(slice.Dispose));
        await Eventually(() => Assert.Single(pool.ReturnsOf(array)));
        await ShutdownClean(runtime);
        Assert.Empty(pool.Errors);
    }

    [Fact]
    public async Task A_slice_of_a_disposed_proxy_is_refused()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var handle = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(10);
            return buffer.Share(holder);
        }));
        await Within(holder.RunAsync(() =>
        {
            var proxy = handle.Open();
            proxy.Dispose();
            Assert.Throws<ObjectDisposedException>(() => proxy.Slice(0, 1));
        }));
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        await ShutdownClean(runtime);
    }
}
