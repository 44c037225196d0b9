using System.Collections.Immutable;
using ActorInterp.Actors.Tests.Support;
using ActorInterp.Sharing;
using Xunit;

namespace ActorInterp.Actors.Tests.Edges;

/// <summary>A call's result leaves the called domain as a Tell's message would.</summary>
public sealed class CallResultBoundaryTests : ActorTestKit
{
    [Fact]
    public async Task A_mutable_result_is_refused_with_NotShareableException_naming_its_type()
    {
        var domain = Runtime.CreateDomain("inner");
#pragma warning disable AI0003 // a test of the refusal at run time
        var ex = await Assert.ThrowsAsync<NotShareableException>(() => domain.CallAsync(() => new List<int> { 1 })).WaitAsync(Long);
#pragma warning restore AI0003
        Assert.Contains("List", ex.Message);
        Assert.Equal(typeof(List<int>), ex.ValueType);
    }

    [Fact]
    public async Task A_mutable_result_of_an_async_call_is_refused_as_well()
    {
        var domain = Runtime.CreateDomain("inner");
#pragma warning disable AI0003 // a test of the refusal at run time
        await Assert.ThrowsAsync<NotShareableException>(() => domain.CallAsync(async () =>
#pragma warning restore AI0003
        {
            await Task.Yield();
            return new MutableBag();
        })).WaitAsync(Long);
    }

    [Fact]
    public async Task Shareable_results_cross_as_they_are()
    {
        var domain = Runtime.CreateDomain("inner");
        var plain = new Plain(1, "one", DateTime.UnixEpoch, Guid.Empty);
        Assert.Same(plain, await domain.CallAsync(() => plain).WaitAsync(Long));
        Assert.Equal(ImmutableList.Create(1, 2), await domain.CallAsync(() => ImmutableList.Create(1, 2)).WaitAsync(Long));
        Assert.Equal(42, await domain.CallAsync(() => 42).WaitAsync(Long));
        Assert.Equal(new Point(1, 2), await domain.CallAsync(() => new Point(1, 2)).WaitAsync(Long));
    }

    [Fact]
    public async Task A_call_into_the_calling_domain_itself_returns_its_result_as_it_is()
    {
        var domain = Runtime.CreateDomain("inner");
        var same = await domain.CallAsync(async () =>
        {
            var bag = new MutableBag();
            var back = await domain.CallAsync(() => bag);
            return ReferenceEquals(bag, back);
        }).WaitAsync(Long);
        Assert.True(same);
    }

    [Fact]
    public async Task A_buffer_in_a_result_is_lent_to_the_calling_domain_and_arrives_as_its_proxy()
    {
        var owner = Runtime.CreateDomain("owner");
        var caller = Runtime.CreateDomain("caller");
        SharedBuffer? kept = null; // the owner lets go of its buffer after the result has crossed
        var (holder, sum) = await caller.CallAsync(async () =>
        {
            var blob = await owner.CallAsync(() =>
            {
                kept = SharedBuffer.Allocate(10);
                kept.Span.Fill(2);
                return new Blob("lent", kept);
            });
            using var proxy = Assert.IsType<BufferProxy>(blob.Data);
            return (proxy.Holder.Name, Bytes.Sum(proxy.Span));
        }).WaitAsync(Long);
        Assert.Equal(("caller", 20L), (holder, sum));
        await owner.RunAsync(() => kept!.Dispose()).WaitAsync(Long);
        await AwaitAllReturned(owner);
    }

    [Fact]
    public async Task A_buffer_in_a_result_for_code_outside_every_domain_is_refused_and_its_borrow_given_back()
    {
        var owner = Runtime.CreateDomain("owner");
        SharedBuffer? kept = null;
        await Assert.ThrowsAsync<NotShareableException>(() => owner.CallAsync(() => new Blob("nowhere", kept = SharedBuffer.Allocate(10)))).WaitAsync(Long);
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);
        await owner.RunAsync(() => kept!.Dispose()).WaitAsync(Long);
        await AwaitAllReturned(owner);
    }

    [Fact]
    public async Task An_exception_crosses_as_it_is()
    {
        var domain = Runtime.CreateDomain("inner");
        var thrown = new InvalidOperationException("boom");
        int Throw() => throw thrown;
        var seen = await Assert.ThrowsAsync<InvalidOperationException>(() => domain.CallAsync(Throw)).WaitAsync(Long);
        Assert.Same(thrown, seen);
    }
}

/// <summary>With copies allowed, a result that cannot be shared crosses as a deep copy.</summary>
public sealed class CallResultCopyTests() : ActorTestKit(Akka.Configuration.ConfigurationFactory.ParseString("actorinterp.copy-policy = copy"))
{
    [Fact]
    public async Task Under_CopyPolicy_Copy_a_mutable_result_arrives_as_a_copy()
    {
        var domain = Runtime.CreateDomain("inner");
        MutableBag? inside = null;
#pragma warning disable AI0003 // this runtime copies (CopyPolicy.Copy), which no analyzer can see
        var copy = await domain.CallAsync(() => inside = new MutableBag { Count = 3, Label = "x" }).WaitAsync(Long);
#pragma warning restore AI0003
        Assert.NotSame(inside, copy);
        Assert.Equal((3, "x"), (copy.Count, copy.Label));
    }
}
