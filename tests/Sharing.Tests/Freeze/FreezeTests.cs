using ActorInterp.Sharing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.Freeze;

public sealed class FreezeTests(ITestOutputHelper output) : SharingTestKit(output)
{
    [Fact]
    public async Task Writing_after_the_first_share_throws_BufferFrozenException_naming_the_domain_and_buffer()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("freezer");
        var holder = runtime.CreateDomain("reader");
        var (spanError, memoryError, id, frozenBefore, frozenAfter, handle) = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(32);
            buffer.Span.Fill(1);
            var before = buffer.IsFrozen;
            var h = buffer.Share(holder);
            var spanEx = Assert.Throws<BufferFrozenException>(() => buffer.Span[0] = 2);
            var memoryEx = Assert.Throws<BufferFrozenException>(() => buffer.Memory.Span[0] = 2);
            return (spanEx, memoryEx, buffer.Id, before, buffer.IsFrozen, h);
        }));
        Assert.False(frozenBefore);
        Assert.True(frozenAfter);
        foreach (var ex in new[] { spanError, memoryError })
        {
            Assert.Equal("freezer", ex.DomainName);
            Assert.Contains("'freezer'", ex.Message);
            Assert.Contains($"buffer #{id}", ex.Message);
        }
        handle.Dispose();
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task The_owner_still_reads_a_frozen_buffer_and_holders_see_exactly_what_it_wrote()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var holders = new[] { runtime.CreateDomain("h1"), runtime.CreateDomain("h2") };
        var written = new byte[5000];
        new Random(5).NextBytes(written);
        SharedBuffer? buffer = null;
        var handles = await Within(owner.CallAsync(() =>
        {
            buffer = SharedBuffer.Allocate(written.Length);
            written.CopyTo(buffer.Span);
            return holders.Select(buffer.Share).ToArray();
        }));
        for (var i = 0; i < holders.Length; i++)
        {
            var h = handles[i];
            var seen = await Within(holders[i].CallAsync(() =>
            {
                using var proxy = h.Open();
                Assert.Equal(written.Length, proxy.Length);
                return proxy.Span.ToArray();
            }));
            Assert.Equal(written, seen);
        }
        var ownerSees = await Within(owner.CallAsync(() =>
        {
            var bytes = buffer!.ReadOnlySpan.ToArray();
            var memory = buffer.ReadOnlyMemory.ToArray();
            Assert.Equal(bytes, memory);
            buffer.Dispose();
            return bytes;
        }));
        Assert.Equal(written, ownerSees);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task A_share_that_fails_does_not_freeze_the_buffer()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var stillWritable = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(8);
            Assert.Throws<ArgumentException>(() => buffer.Share(owner));
            buffer.Span[0] = 9;
            return !buffer.IsFrozen && buffer.ReadOnlySpan[0] == 9;
        }));
        Assert.True(stillWritable);
        await ShutdownClean(runtime);
    }
}
