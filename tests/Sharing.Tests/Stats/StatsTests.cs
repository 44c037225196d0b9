using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ActorInterp.Domains;
using ActorInterp.Sharing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.Stats;

public sealed class StatsTests(ITestOutputHelper output) : SharingTestKit(output)
{
    [Fact]
    public async Task Shares_and_borrows_are_counted_by_holder_name()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var b = runtime.CreateDomain("stats-b");
        var c = runtime.CreateDomain("stats-c");
        var handles = await Within(owner.CallAsync(() =>
        {
            using var one = SharedBuffer.Allocate(10);
            using var two = SharedBuffer.Allocate(20);
            return new[] { one.Share(b), one.Share(c), two.Share(b), two.Share(b) };
        }));
        await Eventually(() =>
        {
            var stats = owner.GetSharingStats();
            Assert.Equal(4, stats.SharesMade);
            Assert.Equal(3, stats.BorrowsOut); // (one, b), (one, c), (two, b)
            Assert.Equal(2, stats.BorrowsByHolder["stats-b"]);
            Assert.Equal(1, stats.BorrowsByHolder["stats-c"]);
            Assert.Equal(2, stats.OwnedBuffers);
            Assert.Equal(30, stats.OwnedBytes);
        });

        await Within(b.RunAsync(() => { foreach (var h in handles.Where(h => h.Target == b)) h.Open().Dispose(); }));
        await Eventually(() =>
        {
            var stats = owner.GetSharingStats();
            Assert.Equal(1, stats.BorrowsOut);
            Assert.False(stats.BorrowsByHolder.ContainsKey("stats-b"));
            Assert.Equal(1, stats.BorrowsByHolder["stats-c"]);
        });
        Assert.Equal(3, b.GetSharingStats().ProxiesOpened);
        await Within(c.RunAsync(() => handles[1].Open().Dispose()));
        await Eventually(() => Assert.Empty(owner.GetSharingStats().BorrowsByHolder));
        Assert.Equal(0, owner.GetSharingStats().OwnedBuffers);
        Assert.Equal(2, owner.GetSharingStats().BuffersFreed);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Returns_disposed_in_one_turn_travel_in_one_message()
    {
        const int buffers = 8;
        var runtime = NewRuntime(new RecordingPool());
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var proxies = await OpenMany(owner, holder, buffers);
        Assert.True(proxies.Length > buffers); // several proxies of each buffer

        await Within(holder.RunAsync(() => { foreach (var p in proxies) p.Dispose(); }));

        await Eventually(() => Assert.Equal(buffers, owner.GetSharingStats().BuffersFreed));
        var stats = owner.GetSharingStats();
        Assert.Equal(buffers, stats.ReturnsReceived);
        Assert.Equal(1, stats.ReturnMessagesReceived);
        Assert.Equal(buffers - 1, stats.ReturnsCoalesced);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Without_coalescing_each_return_is_a_message_of_its_own()
    {
        const int buffers = 8;
        var runtime = NewRuntime(new RecordingPool(), coalesce: false);
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var proxies = await OpenMany(owner, holder, buffers);

        await Within(holder.RunAsync(() => { foreach (var p in proxies) p.Dispose(); }));

        await Eventually(() => Assert.Equal(buffers, owner.GetSharingStats().BuffersFreed));
        var stats = owner.GetSharingStats();
        Assert.Equal(buffers, stats.ReturnsReceived);
        Assert.Equal(buffers, stats.ReturnMessagesReceived);
        Assert.Equal(0, stats.ReturnsCoalesced);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task The_meter_publishes_owned_bytes_borrows_out_and_returns_coalesced_per_domain()
    {
        const int buffers = 4;
        var name = $"metered-{Guid.NewGuid():N}";
        var runtime = NewRuntime(new RecordingPool());
        var owner = runtime.CreateDomain(name);
        var holder = runtime.CreateDomain($"{name}-holder");
        var seen = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "ActorInterp") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? domain = null;
            object? id = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "domain") domain = tag.Value as string;
                if (tag.Key == "domain.id") id = tag.Value;
            }
            if (domain == name && Equals(id, owner.Id)) seen[instrument.Name] = value;
        });
        listener.Start();

        var proxies = await OpenMany(owner, holder, buffers);
        listener.RecordObservableInstruments();
        Assert.Equal(owner.GetSharingStats().OwnedBytes, seen["actorinterp.domain.owned_bytes"]);
        Assert.True(seen["actorinterp.domain.owned_bytes"] > 0);
        Assert.Equal(buffers, seen["actorinterp.domain.borrows_out"]);
        Assert.Equal(buffers, seen["actorinterp.domain.owned_buffers"]);

        await Within(holder.RunAsync(() => { foreach (var p in proxies) p.Dispose(); }));
        await Eventually(() =>
        {
            listener.RecordObservableInstruments();
            Assert.Equal(buffers - 1, seen["actorinterp.domain.returns_coalesced"]);
            Assert.Equal(0, seen["actorinterp.domain.borrows_out"]);
            Assert.Equal(0, seen["actorinterp.domain.owned_bytes"]);
            Assert.Equal(buffers, seen["actorinterp.domain.buffers_freed"]);
        });
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Forwards_opens_and_transfers_are_counted()
    {
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain("owner");
        var b = runtime.CreateDomain("b");
        var c = runtime.CreateDomain("c");
        var (handle, transfer) = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(10);
            return (buffer.Share(b), SharedBuffer.Allocate(5).Transfer(c));
        }));
        var forwarded = await Within(b.CallAsync(() =>
        {
            using var proxy = handle.Open();
            return new[] { proxy.Share(c), proxy.Share(c) };
        }));
        await Within(c.RunAsync(() =>
        {
            foreach (var h in forwarded) h.Open().Dispose();
            transfer.Accept().Dispose();
        }));
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        await Barrier(owner);
        Assert.Equal(2, owner.GetSharingStats().ForwardNotices);
        Assert.Equal(1, owner.GetSharingStats().TransfersOut);
        Assert.Equal(1, b.GetSharingStats().ProxiesOpened);
        Assert.Equal(2, c.GetSharingStats().ProxiesOpened);
        Assert.Equal(1, c.GetSharingStats().TransfersIn);
        Assert.Equal(1, c.GetSharingStats().BuffersFreed);
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Sharing_figures_come_from_the_Sharing_layer_and_are_zero_for_a_domain_that_never_shared()
    {
        var runtime = NewRuntime();
        var idle = runtime.CreateDomain("idle");
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        await Within(idle.RunAsync(() => { }));

        var none = idle.GetSharingStats();
        Assert.Equal((idle.Id, "idle"), (none.DomainId, none.Domain));
        Assert.Equal(0, none.OwnedBuffers + none.SharesMade + none.BorrowsOut + none.ProxiesOpened + none.BuffersAllocated);
        Assert.Empty(none.BorrowsByHolder);

        var handle = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(16);
            return buffer.Share(holder);
        }));
        await Within(holder.RunAsync(() => handle.Open().Dispose()));
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));

        var shared = owner.GetSharingStats();
        Assert.Equal((owner.Id, "owner", 1L, 1L, 1L), (shared.DomainId, shared.Domain, shared.BuffersAllocated, shared.SharesMade, shared.ReturnsReceived));
        Assert.Equal(1, holder.GetSharingStats().ProxiesOpened);
        Assert.Equal(1, owner.GetStats().PendingCallsRun); // the domain's own figures stay the Domains layer's
        Assert.Equal(0, idle.GetSharingStats().ProxiesOpened);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task A_close_report_carries_the_Sharing_layer_part_and_a_domain_that_never_shared_has_none()
    {
        var runtime = NewRuntime();
        var idle = runtime.CreateDomain("idle");
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var handle = await Within(owner.CallAsync(() =>
        {
            using var kept = SharedBuffer.Allocate(8); // disposed: freed at once, not at the close
#pragma warning disable AI0001 // kept by its owner on purpose: the forced close revokes its one borrow
            var buffer = SharedBuffer.Allocate(16);
#pragma warning restore AI0001
            return buffer.Share(holder);
        }));
        var proxy = await Within(holder.CallAsync(handle.Open));

        var forced = await Within(owner.CloseAsync(CloseMode.Force));
        var quiet = await Within(idle.CloseAsync());

        var part = Assert.IsType<SharingCloseReport>(Assert.Single(forced.Layers));
        Assert.Same(part, forced.GetLayer<SharingCloseReport>());
        Assert.Same(part, forced.Sharing);
        Assert.Equal(new SharingCloseReport(FreedAtClose: 0, RevokedBorrows: 1, ReleasedHeld: 0), part);
        Assert.Equal((0, 1, 0), (forced.FreedAtClose, forced.RevokedBorrows, forced.ReleasedHeld));
        Assert.False(forced.IsClean);
        Assert.Empty(quiet.Layers);
        Assert.Same(SharingCloseReport.None, quiet.Sharing);
        Assert.True(quiet.IsClean);
        await Within(holder.RunAsync(proxy.Dispose));
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task The_meter_reports_zero_sharing_figures_for_a_domain_of_a_sharing_runtime_that_never_shared()
    {
        var name = $"quiet-{Guid.NewGuid():N}";
        var runtime = NewRuntime();
        var owner = runtime.CreateDomain($"{name}-owner");
        var quiet = runtime.CreateDomain(name);
        var seen = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "ActorInterp") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "domain" && Equals(tag.Value, name)) seen[instrument.Name] = value;
        });
        listener.Start();
        await Within(owner.RunAsync(() => SharedBuffer.Allocate(8).Dispose()));

        listener.RecordObservableInstruments();

        Assert.Equal(0, seen["actorinterp.domain.owned_buffers"]);
        Assert.Equal(0, seen["actorinterp.domain.returns_received"]);
        Assert.Equal(0, seen["actorinterp.domain.mailbox_depth"]); // the runtime's own figure, same tags
        Assert.Equal(quiet.Id, quiet.GetSharingStats().DomainId);
        await ShutdownClean(runtime);
    }

    /// <summary>Shares <paramref name="buffers"/> buffers to the holder, one to three handles each, and opens them all.</summary>
    private async Task<BufferProxy[]> OpenMany(Domain owner, Domain holder, int buffers)
    {
        var handles = await Within(owner.CallAsync(() =>
        {
            var all = new List<BufferHandle>();
            for (var i = 0; i < buffers; i++)
            {
                using var buffer = SharedBuffer.Allocate(100 * (i + 1));
                for (var k = 0; k <= i % 3; k++) all.Add(buffer.Share(holder));
            }
            return all.ToArray();
        }));
        return await Within(holder.CallAsync(() => handles.Select(h => h.Open()).ToArray()));
    }
}
