using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ActorInterp.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Domains.Tests.Stats;

public sealed class MeterTests(ITestOutputHelper output) : DomainTestKit(output: output)
{
    [Fact]
    public async Task The_ActorInterp_meter_reports_each_domain_tagged_with_its_name()
    {
        // Other tests' runtimes publish on meters of the same name at the same time: a unique name keeps
        // this test's figures apart.
        var name = $"metered-{Guid.NewGuid():N}";
        var domain = Runtime.CreateDomain(name);
        var latest = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "ActorInterp") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "domain" && Equals(tag.Value, name)) latest[instrument.Name] = value;
        });
        listener.Start();

        domain.Post(() => throw new InvalidOperationException("measured"));
        await AwaitAssertAsync(() => Assert.Equal(1, domain.GetStats().PendingCallFailures), Long);
        var blocker = await BlockAsync(domain);
        for (var i = 0; i < 10; i++) domain.Post(() => { });
        listener.RecordObservableInstruments();
        blocker.Release();

        Assert.Equal(1, latest["actorinterp.domain.pending_call_failures"]);
        Assert.True(latest["actorinterp.domain.mailbox_depth"] >= 10, $"mailbox depth {latest["actorinterp.domain.mailbox_depth"]}");

        await AwaitAssertAsync(() =>
        {
            listener.RecordObservableInstruments();
            Assert.Equal(0, latest["actorinterp.domain.mailbox_depth"]);
        }, Long);
    }

    [Fact]
    public async Task The_meter_reports_the_domain_id_tag_and_stops_reporting_a_closed_domain()
    {
        var name = $"tagged-{Guid.NewGuid():N}";
        var domain = Runtime.CreateDomain(name);
        await domain.RunAsync(() => { }).WaitAsync(Long);
        var ids = new ConcurrentBag<object?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "ActorInterp" && instrument.Name == "actorinterp.domain.mailbox_depth")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var tagged = tags.ToArray();
            if (tagged.Any(t => t.Key == "domain" && Equals(t.Value, name)))
                ids.Add(tagged.Single(t => t.Key == "domain.id").Value);
        });
        listener.Start();

        listener.RecordObservableInstruments();
        Assert.Equal([domain.Id], ids.Cast<int>());

        await domain.CloseAsync().WaitAsync(Long);
        ids.Clear();
        listener.RecordObservableInstruments();
        Assert.Empty(ids);
    }
}
