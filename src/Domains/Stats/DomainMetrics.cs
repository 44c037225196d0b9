using System.Diagnostics.Metrics;

namespace ActorInterp.Domains;

/// <summary>
/// Publishes every live domain's own figures (<see cref="DomainStats"/>) through a <see cref="Meter"/> named
/// <c>ActorInterp</c>, tagged with the domain's name and id, for dotnet-counters and OpenTelemetry. The layers
/// built on the domains publish their figures of each domain on meters of the same name, with the same tags.
/// </summary>
internal sealed class DomainMetrics : IDisposable
{
    internal const string MeterName = "ActorInterp";

    private readonly Meter _meter = new(MeterName, "1.0");
    private readonly DomainRuntime _runtime;

    internal DomainMetrics(DomainRuntime runtime)
    {
        _runtime = runtime;
        Gauge("actorinterp.domain.mailbox_depth", "{message}", "Messages waiting in the domain's mailbox", s => s.MailboxDepth);
        Counter("actorinterp.domain.pending_call_failures", "{call}", "Posted calls that threw", s => s.PendingCallFailures);
    }

    private void Gauge(string name, string unit, string description, Func<DomainStats, long> read) =>
        _meter.CreateObservableGauge(name, () => Measure(read), unit, description);

    private void Counter(string name, string unit, string description, Func<DomainStats, long> read) =>
        _meter.CreateObservableCounter(name, () => Measure(read), unit, description);

    private IEnumerable<Measurement<long>> Measure(Func<DomainStats, long> read) =>
        _runtime.AllDomains.Select(domain => new Measurement<long>(read(domain.GetStats()),
            new KeyValuePair<string, object?>("domain", domain.Name),
            new KeyValuePair<string, object?>("domain.id", domain.Id)));

    public void Dispose() => _meter.Dispose();
}
