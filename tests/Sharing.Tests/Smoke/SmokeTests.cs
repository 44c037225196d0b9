using ActorInterp.Domains;
using ActorInterp.Sharing;
using Xunit;

namespace ActorInterp.Sharing.Tests.Smoke;

public sealed class SmokeTests
{
    [Fact]
    public async Task Share_read_return_free()
    {
        await using var runtime = DomainRuntime.Create();
        var a = runtime.CreateDomain("a");
        var b = runtime.CreateDomain("b");
        var handle = await a.CallAsync(() =>
        {
            using var buf = SharedBuffer.Allocate(1024);
            buf.Span.Fill(7);
            return buf.Share(b);
        });
        var sum = await b.CallAsync(() =>
        {
            using var p = handle.Open();
            var s = 0;
            foreach (var x in p.Span) s += x;
            return s;
        });
        Assert.Equal(7 * 1024, sum);
        for (var i = 0; i < 200 && a.Stats.BuffersFreed == 0; i++) await Task.Yield();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (a.Stats.BuffersFreed == 0 && DateTime.UtcNow < deadline) await a.CallAsync(() => 0);
        Assert.Equal(1, a.Stats.BuffersFreed);
        Assert.Equal(0, a.Stats.OwnedBuffers);
        var report = await runtime.ShutdownAsync();
        Assert.True(report.IsClean);
    }
}
