using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using ActorInterp.Domains;

namespace ActorInterp.Sharing;

/// <summary>
/// Publishes every live domain's sharing figures (<see cref="SharingStats"/>) on the <c>ActorInterp</c> meter,
/// tagged with the domain's name (<c>domain</c>) and id (<c>domain.id</c>), as the runtime publishes the domain's
/// own figures. One meter for the process, made when the first domain uses sharing; it measures the domains of
/// every runtime that has used sharing (a domain of such a runtime that has not reports zeros).
/// </summary>
internal static class SharingMetrics
{
    private static readonly ConditionalWeakTable<DomainRuntime, object> s_runtimes = new();
    private static readonly object s_included = new();
    private static readonly Meter s_meter = Create();

    /// <summary>Measures the domains of <paramref name="runtime"/> from now on (and makes the meter, the first time).</summary>
    internal static void Include(DomainRuntime runtime)
    {
        GC.KeepAlive(s_meter);
        s_runtimes.TryAdd(runtime, s_included);
    }

    private static Meter Create()
    {
        var meter = new Meter("ActorInterp", "1.0");
        Gauge(meter, "actorinterp.domain.owned_buffers", "{buffer}", "Buffers the domain owns", static c => SharingCounters.Read(ref c.OwnedBuffers));
        Gauge(meter, "actorinterp.domain.owned_bytes", "By", "Bytes of the buffers the domain owns", static c => SharingCounters.Read(ref c.OwnedBytes));
        Gauge(meter, "actorinterp.domain.borrows_out", "{borrow}", "(buffer, holder) borrows out", static c => SharingCounters.Read(ref c.BorrowsOut));
        Counter(meter, "actorinterp.domain.returns_received", "{return}", "Ownership returns received", static c => SharingCounters.Read(ref c.ReturnsReceived));
        Counter(meter, "actorinterp.domain.return_messages", "{message}", "Messages that carried ownership returns", static c => SharingCounters.Read(ref c.ReturnMessagesReceived));
        Counter(meter, "actorinterp.domain.returns_coalesced", "{return}", "Returns that shared a message with another",
            static c => Math.Max(0, SharingCounters.Read(ref c.ReturnsReceived) - SharingCounters.Read(ref c.ReturnMessagesReceived)));
        Counter(meter, "actorinterp.domain.proxies_finalized", "{proxy}", "Proxies finalized without Dispose", static c => SharingCounters.Read(ref c.ProxiesFinalized));
        Counter(meter, "actorinterp.domain.buffers_freed", "{buffer}", "Buffers freed by their owner", static c => SharingCounters.Read(ref c.BuffersFreed));
        Counter(meter, "actorinterp.domain.reclaims", "{holder}", "Holders whose borrows were reclaimed after they stopped", static c => SharingCounters.Read(ref c.Reclaims));
        return meter;
    }

    private static void Gauge(Meter meter, string name, string unit, string description, Func<SharingCounters, long> read) =>
        meter.CreateObservableGauge(name, () => Measure(read), unit, description);

    private static void Counter(Meter meter, string name, string unit, string description, Func<SharingCounters, long> read) =>
        meter.CreateObservableCounter(name, () => Measure(read), unit, description);

    private static IEnumerable<Measurement<long>> Measure(Func<SharingCounters, long> read)
    {
        foreach (var (runtime, _) in s_runtimes)
        {
            foreach (var domain in runtime.AllDomains)
            {
                yield return new Measurement<long>(read(SharingState.CountersOf(domain)),
                    new KeyValuePair<string, object?>("domain", domain.Name),
                    new KeyValuePair<string, object?>("domain.id", domain.Id));
            }
        }
    }
}
