using ActorInterp.Domains;
using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Sharing.Tests.Buffers;

public sealed class BorrowsByHolderTests : ActorInterpTestKit
{
    [Fact]
    public async Task Counts_the_buffers_each_holder_borrows_as_they_are_lent_and_returned()
    {
        var runtime = new DomainRuntime(Sys);
        var owner = runtime.CreateDomain("owner");
        var b = runtime.CreateDomain("b");
        var c = runtime.CreateDomain("c");
        var (toB, toC) = await owner.CallAsync(() =>
        {
            var forB = new BufferHandle[3];
            for (var i = 0; i < forB.Length; i++)
            {
                using var buffer = SharedBuffer.Allocate(32);
                forB[i] = buffer.Share(b);
            }
            using var last = SharedBuffer.Allocate(32);
            return (forB, last.Share(c));
        });
        await owner.RunAsync(() => { }); // figures are published as the owner's turn ends
        Assert.Equal(new Dictionary<string, long> { ["b"] = 3, ["c"] = 1 }, owner.GetSharingStats().BorrowsByHolder);

        await b.RunAsync(() => toB[0].Open().Dispose());
        await AwaitConditionAsync(() => Task.FromResult(owner.GetSharingStats().BuffersFreed == 1));
        await owner.RunAsync(() => { }); // the turn that freed it has ended and published
        Assert.Equal(new Dictionary<string, long> { ["b"] = 2, ["c"] = 1 }, owner.GetSharingStats().BorrowsByHolder);

        await b.RunAsync(() => { toB[1].Dispose(); toB[2].Dispose(); });
        await c.RunAsync(() => toC.Open().Dispose());
        await AwaitConditionAsync(() => Task.FromResult(owner.GetSharingStats().BuffersFreed == 4));
        await owner.RunAsync(() => { });
        Assert.Empty(owner.GetSharingStats().BorrowsByHolder);
        Assert.True((await runtime.ShutdownAsync()).IsClean);
    }
}
