using ActorInterp.Domains.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Domains.Tests.Components;

/// <summary>The seam through which the layers above keep state per domain: one component per key, no fixed number of keys.</summary>
public sealed class ComponentKeyTests(ITestOutputHelper output) : DomainTestKit(output: output)
{
    private static readonly DomainComponentKey<Journal> First = new(static d => new Journal(d, "first"));
    private static readonly DomainComponentKey<Journal> Second = new(static d => new Journal(d, "second"));
    private static readonly DomainComponentKey<Journal> Unused = new(static d => new Journal(d, "unused"));

    [Fact]
    public async Task Two_components_on_one_domain_are_made_on_first_use_and_kept_apart()
    {
        var domain = Runtime.CreateDomain("two-components");
        Assert.Null(domain.PeekComponent(First));

        var (first, second, again) = await domain.CallAsync(() =>
            (domain.GetComponent(First), domain.GetComponent(Second), domain.GetComponent(First))).WaitAsync(Long);

        Assert.NotSame(first, second);
        Assert.Same(first, again);
        Assert.Equal(("first", "second"), (first.Name, second.Name));
        Assert.Same(domain, first.Domain);
        Assert.Same(first, domain.PeekComponent(First)); // from outside the domain's thread
        Assert.Same(second, domain.PeekComponent(Second));
        Assert.Null(domain.PeekComponent(Unused));
    }

    [Fact]
    public async Task Each_component_hears_the_domain_life_and_adds_its_own_report_to_the_close()
    {
        var domain = Runtime.CreateDomain("reporting");
        await domain.RunAsync(() =>
        {
            domain.GetComponent(First);
            domain.GetComponent(Second);
        }).WaitAsync(Long);
        await domain.RunAsync(() => { }).WaitAsync(Long);

        var report = await domain.CloseAsync().WaitAsync(Long);

        Assert.Equal(["first", "second"], report.Layers.Cast<JournalReport>().Select(r => r.Name));
        Assert.All(report.Layers.Cast<JournalReport>(), r =>
        {
            Assert.Equal(CloseMode.Drain, r.Mode);
            Assert.True(r.TurnsSeen >= 2, $"{r.Name} saw {r.TurnsSeen} turn ends");
        });
        Assert.Equal("first", report.GetLayer<JournalReport>()!.Name); // the first of a type
        Assert.True(report.IsClean);
        Assert.Null(domain.PeekComponent(Unused));
    }

    [Fact]
    public async Task A_domain_holds_components_of_any_number_of_keys()
    {
        // More kinds than the six slots a domain once had room for.
        var keys = Enumerable.Range(0, 24).Select(i => new DomainComponentKey<Journal>(d => new Journal(d, $"kind {i}"))).ToArray();
        var domain = Runtime.CreateDomain("many-kinds");

        var names = await domain.CallAsync(() => keys.Select(k => domain.GetComponent(k).Name).ToArray()).WaitAsync(Long);

        Assert.Equal(keys.Select((_, i) => $"kind {i}"), names);
        Assert.Equal(keys.Length, keys.Select(k => domain.PeekComponent(k)).Distinct().Count());
        Assert.All(keys, k => Assert.NotNull(domain.PeekComponent(k)));
        Assert.Equal(keys.Length, keys.Select(k => k.Index).Distinct().Count());
    }

    [Fact]
    public async Task A_layer_report_that_is_not_clean_makes_the_close_and_the_shutdown_unclean()
    {
        // A runtime of its own: the test's runtime must shut down clean.
        await using var runtime = new DomainRuntime(Sys);
        var domain = runtime.CreateDomain("leaky");
        await domain.RunAsync(() => domain.GetComponent(First).LeaveUnclean = true).WaitAsync(Long);

        var shutdown = await runtime.ShutdownAsync(Long).WaitAsync(Long * 2);

        var closed = Assert.Single(shutdown.Domains, d => d.Domain == "leaky");
        Assert.False(closed.IsClean);
        Assert.False(shutdown.IsClean);
        var (leakDomain, leak) = Assert.Single(shutdown.Leaks);
        Assert.Equal("leaky", leakDomain);
        Assert.Equal("first", Assert.IsType<JournalReport>(leak).Name);
    }

    [Fact]
    public async Task Finding_a_component_allocates_nothing()
    {
        var domain = Runtime.CreateDomain("lookups");
        var allocated = await domain.CallAsync(() =>
        {
            domain.GetComponent(First);
            domain.GetComponent(Second);
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100_000; i++)
            {
                domain.GetComponent(First);
                domain.GetComponent(Second);
            }
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }).WaitAsync(Long);

        Assert.Equal(0, allocated);
    }

    /// <summary>A component that counts its domain's turns and reports them at close.</summary>
    private sealed class Journal(Domain domain, string name) : DomainComponent
    {
        internal Domain Domain { get; } = domain;

        internal string Name { get; } = name;

        internal int TurnsSeen { get; private set; }

        internal bool LeaveUnclean { get; set; }

        internal override void OnTurnEnd() => TurnsSeen++;

        internal override LayerCloseReport OnClosing(CloseMode mode) => new JournalReport(Name, mode, TurnsSeen, !LeaveUnclean);
    }

    private sealed record JournalReport(string Name, CloseMode Mode, int TurnsSeen, bool Clean) : LayerCloseReport
    {
        public override bool IsClean => Clean;
    }
}
