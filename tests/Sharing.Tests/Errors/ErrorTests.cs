using ActorInterp.Domains;
using ActorInterp.Sharing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.Errors;

public sealed class ErrorTests(ITestOutputHelper output) : SharingTestKit(output)
{
    [Fact]
    public void Allocate_outside_every_domain_throws_WrongDomainException()
    {
        var allocate = Assert.Throws<WrongDomainException>(() => SharedBuffer.Allocate(16));
        Assert.Contains("Allocate", allocate.Message);
        Assert.Throws<WrongDomainException>(() => SharedBuffer.CopyOf([1, 2]));
    }

    [Fact]
    public async Task Using_an_owned_buffer_off_its_domain_throws_WrongDomainException_naming_both()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner-x");
        var other = runtime.CreateDomain("other-y");
        var buffer = await Within(owner.CallAsync(() => SharedBuffer.Allocate(16)));

#pragma warning disable AI0002 // a test of the run-time check: the buffer is used on another domain on purpose
        var fromOther = await Assert.ThrowsAsync<WrongDomainException>(() => Within(other.CallAsync(() => buffer.ReadOnlySpan.Length)));
#pragma warning restore AI0002
        Assert.Equal("owner-x", fromOther.DomainName);
        Assert.Contains("'owner-x'", fromOther.Message);
        Assert.Contains("'other-y'", fromOther.Message);
#pragma warning disable AI0002 // a test of the run-time check: the buffer is used on another domain on purpose
        await Assert.ThrowsAsync<WrongDomainException>(() => Within(other.CallAsync(() => buffer.Span.Length)));
        await Assert.ThrowsAsync<WrongDomainException>(() => Within(other.CallAsync(() => buffer.Share(other))));
#pragma warning restore AI0002

        var outside = Assert.Throws<WrongDomainException>(() => buffer.ReadOnlyMemory.Length);
        Assert.Contains("'owner-x'", outside.Message);
        Assert.Contains("outside every domain", outside.Message);
        Assert.Throws<WrongDomainException>(() => buffer.Transfer(other));

        buffer.Dispose(); // Dispose is allowed anywhere
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Reading_a_proxy_off_its_holder_throws_WrongDomainException_naming_both()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner-x");
        var holder = runtime.CreateDomain("holder-y");
        var handle = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(16);
            return buffer.Share(holder);
        }));
        var proxy = await Within(holder.CallAsync(handle.Open));

#pragma warning disable AI0002 // a test of the run-time check: the proxy is used on another domain on purpose
        var onOwner = await Assert.ThrowsAsync<WrongDomainException>(() => Within(owner.CallAsync(() => proxy.Span.Length)));
#pragma warning restore AI0002
        Assert.Equal("holder-y", onOwner.DomainName);
        Assert.Contains("'holder-y'", onOwner.Message);
        Assert.Contains("'owner-x'", onOwner.Message);
        var outside = Assert.Throws<WrongDomainException>(() => proxy.Memory.Length);
        Assert.Contains("'holder-y'", outside.Message);
        Assert.Contains("outside every domain", outside.Message);
        Assert.Throws<WrongDomainException>(() => proxy.Retain());
        Assert.Throws<WrongDomainException>(() => proxy.Share(owner));

        proxy.Dispose();
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task A_handle_opens_once_and_only_on_its_target()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var handle = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(16);
            return buffer.Share(holder);
        }));
        var wrong = await Assert.ThrowsAsync<WrongDomainException>(() => Within(owner.CallAsync(handle.Open)));
        Assert.Contains("'holder'", wrong.Message);
        Assert.False(handle.IsConsumed);

        var twice = await Within(holder.CallAsync(() =>
        {
            using var proxy = handle.Open();
            return Assert.Throws<InvalidOperationException>(() => handle.Open());
        }));
        Assert.IsType<InvalidOperationException>(twice);
        Assert.Contains("'holder'", twice.Message);
        handle.Dispose(); // opened: does nothing
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        Assert.Equal(0, owner.GetSharingStats().HandlesLost);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Null_targets_throw_ArgumentNullException()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        await Within(owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(16);
            Assert.Throws<ArgumentNullException>(() => buffer.Share(null!));
            Assert.Throws<ArgumentNullException>(() => buffer.Transfer(null!));
            Assert.False(buffer.IsFrozen);
            holder.Post(Forward(buffer.Share(holder)));
        }));
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        Assert.Empty(PostFailures);
        await ShutdownClean(runtime);

        static Action Forward(BufferHandle handle) => () =>
        {
            using var proxy = handle.Open();
            Assert.Throws<ArgumentNullException>(() => proxy.Share(null!));
        };
    }

    [Fact]
    public async Task Lengths_below_zero_or_over_MaxBufferLength_throw_ArgumentOutOfRangeException()
    {
        var runtime = NewRuntime(new DomainRuntimeOptions { Layers = [new SharingOptions { MaxBufferLength = 1024 }] });
        var owner = runtime.CreateDomain("owner");
        var over = await Within(owner.CallAsync(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => SharedBuffer.Allocate(-1));
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => SharedBuffer.Allocate(1025));
            Assert.Throws<ArgumentOutOfRangeException>(() => SharedBuffer.CopyOf(new byte[1025]));
            using var max = SharedBuffer.Allocate(1024);
            using var empty = SharedBuffer.Allocate(0);
            Assert.Equal(0, empty.ReadOnlySpan.Length);
            return e;
        }));
        Assert.Contains("1024", over.Message);
        Assert.Contains("MaxBufferLength", over.Message);
        Assert.Equal(2, owner.GetSharingStats().BuffersAllocated);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Sharing_or_transferring_to_itself_throws_ArgumentException()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var handle = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(16);
            var share = Assert.Throws<ArgumentException>(() => buffer.Share(owner));
            Assert.Contains("'owner'", share.Message);
            Assert.Throws<ArgumentException>(() => buffer.Transfer(owner));
            Assert.Equal(0, owner.GetSharingStats().SharesMade);
            return buffer.Share(holder);
        }));
        var forward = await Within(holder.CallAsync(() =>
        {
            using var proxy = handle.Open();
            return Assert.Throws<ArgumentException>(() => proxy.Share(holder));
        }));
        Assert.Contains("'holder'", forward.Message);
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        Assert.Equal(0, owner.GetSharingStats().ForwardNotices);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Sharing_to_another_runtimes_domain_throws_ArgumentException()
    {
        var runtime = NewRuntime();
        var foreign = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var stranger = foreign.CreateDomain("stranger");
        var handle = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(16);
            var share = Assert.Throws<ArgumentException>(() => buffer.Share(stranger));
            Assert.Contains("'stranger'", share.Message);
            Assert.Throws<ArgumentException>(() => buffer.Transfer(stranger));
            return buffer.Share(holder);
        }));
        var forward = await Within(holder.CallAsync(() =>
        {
            using var proxy = handle.Open();
            return Assert.Throws<ArgumentException>(() => proxy.Share(stranger));
        }));
        Assert.Contains("another runtime", forward.Message);
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        await ShutdownClean(runtime);
        await ShutdownClean(foreign);
    }

    [Fact]
    public async Task Sharing_from_a_draining_owner_throws_DomainClosedException()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var buffer = await Within(owner.CallAsync(() => SharedBuffer.Allocate(16)));
        // An async call keeps the drain waiting; the share inside it runs while the owner is closing.
        var call = owner.CallAsync(async () =>
        {
            started.SetResult();
            await release.Task;
            return Assert.Throws<DomainClosedException>(() => buffer.Share(holder));
        });
        await Within(started.Task);
        var close = owner.CloseAsync();
        release.SetResult();
        var ex = await Within(call);
        Assert.Equal("owner", ex.DomainName);
        Assert.Contains("closing", ex.Message);
        await Within(close);
        await ShutdownClean(runtime);
    }
}
