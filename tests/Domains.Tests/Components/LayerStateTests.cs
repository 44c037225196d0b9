using ActorInterp.Domains.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Domains.Tests.Components;

/// <summary>
/// The state a layer keeps on a runtime or a domain (instead of a static table keyed by them): made once per
/// owner, whichever thread asks first, and kept apart per key and per owner.
/// </summary>
public sealed class LayerStateTests(ITestOutputHelper output) : DomainTestKit(output: output)
{
    private sealed record Made(object Owner, int Number);

    private static int s_made;

    private static readonly LayerStateKey<DomainRuntime, Made> RuntimeKey = new(r => new Made(r, Interlocked.Increment(ref s_made)));
    private static readonly LayerStateKey<DomainRuntime, Made> OtherRuntimeKey = new(r => new Made(r, Interlocked.Increment(ref s_made)));
    private static readonly LayerStateKey<Domain, Made> DomainKey = new(d => new Made(d, Interlocked.Increment(ref s_made)));

    [Fact]
    public async Task Threads_racing_for_a_runtimes_state_all_get_the_one_made_for_it()
    {
        using var start = new Barrier(8);
        var seen = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return Runtime.GetLayerState(RuntimeKey);
        })));

        Assert.Single(seen.Distinct());
        Assert.Same(Runtime, seen[0].Owner);
    }

    [Fact]
    public void Each_key_and_each_owner_has_its_own_state()
    {
        var first = Runtime.CreateDomain("first");
        var second = Runtime.CreateDomain("second");

        Assert.NotSame(Runtime.GetLayerState(RuntimeKey), Runtime.GetLayerState(OtherRuntimeKey));
        Assert.Same(first, first.GetLayerState(DomainKey).Owner);
        Assert.Same(second, second.GetLayerState(DomainKey).Owner);
        Assert.Same(first.GetLayerState(DomainKey), first.GetLayerState(DomainKey));
    }
}
