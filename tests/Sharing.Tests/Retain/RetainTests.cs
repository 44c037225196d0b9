using ActorInterp.Domains;
using ActorInterp.Sharing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.Retain;

public sealed class RetainTests(ITestOutputHelper output) : SharingTestKit(output)
{
    private async Task<(DomainRuntime Runtime, RecordingPool Pool, Domain Owner, Domain Holder, BufferProxy Proxy)> OneProxy()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var handle = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(50);
            Pattern.Fill(buffer.Span, 1);
            return buffer.Share(holder);
        }));
        var proxy = await Within(holder.CallAsync(handle.Open));
        return (runtime, pool, owner, holder, proxy);
    }

    [Fact]
    public async Task A_retained_proxy_needs_as_many_disposes_before_the_borrow_returns()
    {
        var (runtime, pool, owner, holder, proxy) = await OneProxy();
        await Within(holder.RunAsync(() =>
        {
            Assert.Same(proxy, proxy.Retain());
            proxy.Retain();
            proxy.Dispose();
            proxy.Dispose();
            Pattern.Verify(proxy.Span, 1, "still one reference");
        }));
        await Barrier(holder, owner);
        Assert.Equal(0, owner.GetSharingStats().ReturnsReceived);
        Assert.Equal(1, owner.GetSharingStats().BorrowsOut);
        Assert.Equal(0, pool.Returns);

        await Within(holder.RunAsync(proxy.Dispose));
        await Eventually(() => Assert.Equal(1, pool.Returns));
        Assert.Equal(1, owner.GetSharingStats().ReturnsReceived);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Extra_disposes_do_nothing_and_reads_after_the_last_throw_ObjectDisposedException()
    {
        var (runtime, pool, owner, holder, proxy) = await OneProxy();
        var log = LogCollector.Attach(Sys);
        var errors = await Within(holder.CallAsync(() =>
        {
            proxy.Dispose();
            proxy.Dispose();
            proxy.Dispose();
            return new Exception[]
            {
                Assert.Throws<ObjectDisposedException>(() => proxy.Span.Length),
                Assert.Throws<ObjectDisposedException>(() => proxy.Memory.Length),
                Assert.Throws<ObjectDisposedException>(() => proxy.Retain()),
                Assert.Throws<ObjectDisposedException>(() => proxy.Share(owner)),
            };
        }));
        Assert.All(errors, e => Assert.Contains("'holder'", e.Message));
        proxy.Dispose(); // and from another thread
        await Eventually(() => Assert.Equal(1, pool.Returns));
        await Barrier(holder, owner);
        Assert.Equal(1, owner.GetSharingStats().ReturnsReceived);
        Assert.Equal(1, owner.GetSharingStats().ReturnMessagesReceived);
        Assert.Equal(1, pool.Returns);
        Assert.Empty(pool.Errors);
        await ShutdownClean(runtime);
        Assert.DoesNotContain(log.Errors, e => e.Contains("refused a return"));
    }

    [Fact]
    public async Task Dispose_from_outside_every_domain_is_posted_to_the_holder_and_returns_the_borrow()
    {
        var (runtime, pool, owner, holder, proxy) = await OneProxy();
        await Within(holder.RunAsync(() => proxy.Retain()));
        proxy.Dispose(); // test thread: posted
        await Barrier(holder, owner);
        Assert.Equal(0, pool.Returns);
        var stillReadable = await Within(holder.CallAsync(() => proxy.Span.Length));
        Assert.Equal(50, stillReadable);
        proxy.Dispose();
        await Eventually(() => Assert.Equal(1, pool.Returns));
        Assert.Equal(owner.ThreadId, Assert.Single(pool.Events, e => !e.IsRent).ThreadId);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Within(holder.CallAsync(() => proxy.Span.Length)));
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Dispose_from_another_domains_thread_is_posted_to_the_holder_and_returns_the_borrow()
    {
        var (runtime, pool, owner, holder, proxy) = await OneProxy();
        var third = runtime.CreateDomain("third");
        await Within(third.RunAsync(proxy.Dispose));
        await Eventually(() => Assert.Equal(1, pool.Returns));
        Assert.Equal(1, owner.GetSharingStats().BuffersFreed);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Two_handles_of_one_buffer_opened_by_one_holder_return_when_both_proxies_are_disposed()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var handles = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(10);
            return new[] { buffer.Share(holder), buffer.Share(holder) };
        }));
        var proxies = await Within(holder.CallAsync(() => handles.Select(h => h.Open()).ToArray()));
        Assert.Equal(1, owner.GetSharingStats().BorrowsOut); // one (buffer, holder) borrow
        await Within(holder.RunAsync(proxies[0].Dispose));
        await Barrier(holder, owner);
        Assert.Equal(0, pool.Returns);
        await Within(holder.RunAsync(() => Assert.Equal(10, proxies[1].Span.Length)));
        await Within(holder.RunAsync(proxies[1].Dispose));
        await Eventually(() => Assert.Equal(1, pool.Returns));
        Assert.Equal(2, owner.GetSharingStats().SharesMade);
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);
        await ShutdownClean(runtime);
    }
}
