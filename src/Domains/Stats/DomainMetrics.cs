using System.Diagnostics.Metrics;

namespace ActorInterp.Domains;

/// <summary>
/// Publishes every live domain's figures through a <see cref="Meter"/> named <c>ActorInterp</c>, tagged
/// with the domain's name and id, for dotnet-counters and OpenTelemetry.
/// </summary>
internal sealed class DomainMetrics : IDisposable
{
    internal const string MeterName = "ActorInterp";

    private readonly Meter _meter = new(MeterName, "1.0");
    private readonly DomainRuntime _runtime;

    internal DomainMetrics(DomainRuntime runtime)
    {
        _runtime = runtime;
        Gauge("actorinterp.domain.owned_buffers", "{buffer}", "Buffers the domain owns", s => s.OwnedBuffers);
        Gauge("actorinterp.domain.owned_bytes", "By", "Bytes of the buffers the domain owns", s => s.OwnedBytes);
        Gauge("actorinterp.domain.borrows_out", "{borrow}", "(buffer, holder) borrows out", s => s.BorrowsOut);
        Gauge("actorinterp.domain.mailbox_depth", "{message}", "Messages waiting in the domain's mailbox", s => s.MailboxDepth);
        Counter("actorinterp.domain.returns_received", "{return}", "Ownership returns received", s => s.ReturnsReceived);
        Counter("actorinterp.domain.return_messages", "{message}", "Messages that carried ownership returns", s => s.ReturnMessagesReceived);
        Counter("actorinterp.domain.returns_coalesced", "{return}", "Returns that shared a message with another", s => s.ReturnsCoalesced);
        Counter("actorinterp.domain.proxies_finalized", "{proxy}", "Proxies finalized without Dispose", s => s.ProxiesFinalized);
        Counter("actorinterp.domain.pending_call_failures", "{call}", "Posted calls that threw", s => s.PendingCallFailures);
        Counter("actorinterp.domain.buffers_freed", "{buffer}", "Buffers freed by their owner", s => s.BuffersFreed);
        Counter("actorinterp.domain.reclaims", "{holder}", "Holders whose borrows were reclaimed after they stopped", s => s.Reclaims);
    }

    private void Gauge(string name, string unit, string description, Func<DomainStats, long> read) =>
        _meter.CreateObservableGauge(name, () => Measure(read), unit, description);

    private void Counter(string name, string unit, string description, Func<DomainStats, long> read) =>
        _meter.CreateObservableCounter(name, () => Measure(read), unit, description);

    private IEnumerable<Measurement<long>> Measure(Func<DomainStats, long> read) =>
        _runtime.AllDomains.Select(domain => new Measurement<long>(read(domain.Stats),
            new KeyValuePair<string, object?>("domain", domain.Name),
            new KeyValuePair<string, object?>("domain.id", domain.Id)));

    public void Dispose() => _meter.Dispose();
}
