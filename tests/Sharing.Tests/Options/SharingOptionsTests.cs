using System.Buffers;
using ActorInterp.Domains;
using ActorInterp.Sharing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.Options;

public sealed class SharingOptionsTests(ITestOutputHelper output) : SharingTestKit(output)
{
    [Fact]
    public void A_null_BufferPool_throws_as_the_options_are_built_naming_the_option()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new SharingOptions { BufferPool = null! });
        Assert.Equal(nameof(SharingOptions.BufferPool), error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)] // over Array.MaxLength
    public void A_MaxBufferLength_out_of_range_throws_as_the_options_are_built_naming_the_option(int length)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SharingOptions { MaxBufferLength = length });
        Assert.Equal(nameof(SharingOptions.MaxBufferLength), error.ParamName);
    }

    [Fact]
    public void A_copy_made_with_with_is_checked_too()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SharingOptions.Default with { MaxBufferLength = 0 });
        Assert.Equal(nameof(SharingOptions.MaxBufferLength), error.ParamName);
    }

    [Fact]
    public void Runtime_options_without_sharing_settings_carry_the_defaults()
    {
        var options = new DomainRuntimeOptions();

        Assert.Same(SharingOptions.Default, options.Sharing);
        Assert.True(options.Sharing.CoalesceReturns);
        Assert.False(options.Sharing.TrackLeakSites);
        Assert.Same(ArrayPool<byte>.Shared, options.Sharing.BufferPool);
        Assert.Equal(Array.MaxLength, options.Sharing.MaxBufferLength);
    }

    [Fact]
    public void WithSharing_changes_only_the_sharing_settings_of_a_copy()
    {
        var options = new DomainRuntimeOptions { Throughput = 9, Layers = [new SharingOptions { MaxBufferLength = 100 }] };

        var changed = options.WithSharing(s => s with { TrackLeakSites = true });

        Assert.Equal(new SharingOptions { MaxBufferLength = 100, TrackLeakSites = true }, changed.Sharing);
        Assert.Equal(9, changed.Throughput);
        Assert.False(options.Sharing.TrackLeakSites);
        Assert.Single(changed.Layers);
    }

    [Fact]
    public async Task A_runtime_uses_the_sharing_settings_it_was_given()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(new DomainRuntimeOptions { Layers = [new SharingOptions { BufferPool = pool, MaxBufferLength = 64 }] });
        var owner = runtime.CreateDomain("owner");

        var refused = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(64);
            return Assert.Throws<ArgumentOutOfRangeException>(() => SharedBuffer.Allocate(65)).Message;
        }));

        Assert.Equal(64, runtime.Options.Sharing.MaxBufferLength);
        Assert.Contains("SharingOptions.MaxBufferLength", refused);
        await Eventually(() => Assert.Equal(1, pool.Returns));
        Assert.Equal(1, pool.Rents);
        await ShutdownClean(runtime);
    }
}
