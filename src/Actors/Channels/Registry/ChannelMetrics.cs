using System.Diagnostics.Metrics;

namespace ActorInterp.Actors;

/// <summary>
/// Publishes the figures of every live channel (<see cref="ChannelStats"/>) on the <c>ActorInterp</c> meter,
/// tagged with the channel's name (<c>channel</c>) and id (<c>channel.id</c>), for dotnet-counters and
/// OpenTelemetry. One meter for the process, made with the first channel registry: the channels of a runtime
/// that has begun to shut down are no longer measured.
/// </summary>
internal static class ChannelMetrics
{
    private static readonly Meter s_meter = Create();

    /// <summary>Makes sure the instruments exist (the first call runs the static initializer).</summary>
    internal static void EnsureStarted() => GC.KeepAlive(s_meter);

    private static Meter Create()
    {
        var meter = new Meter("ActorInterp", "1.0");
        meter.CreateObservableCounter("actorinterp.channel.items_in", () => Measure(s => s.ItemsIn), "{item}", "Items put into the channel");
        meter.CreateObservableCounter("actorinterp.channel.items_out", () => Measure(s => s.ItemsOut), "{item}", "Items taken out of the channel by receives");
        meter.CreateObservableCounter("actorinterp.channel.items_dropped", () => Measure(s => s.ItemsDropped), "{item}", "Items dropped while queued");
        meter.CreateObservableGauge("actorinterp.channel.queued", () => Measure(s => s.Queued), "{item}", "Items queued in the channel");
        meter.CreateObservableGauge("actorinterp.channel.waiting_senders", () => Measure(s => s.WaitingSenders), "{send}", "Sends waiting for room");
        meter.CreateObservableGauge("actorinterp.channel.waiting_receivers", () => Measure(s => s.WaitingReceivers), "{receive}", "Receives waiting for an item");
        return meter;
    }

    private static IEnumerable<Measurement<long>> Measure(Func<ChannelStats, long> read)
    {
        foreach (var registry in ChannelRegistry.All)
        {
            if (registry.Runtime.IsShuttingDown) continue;
            foreach (var channel in registry.Live())
            {
                yield return new Measurement<long>(read(channel.GetStats()),
                    new KeyValuePair<string, object?>("channel", channel.Name),
                    new KeyValuePair<string, object?>("channel.id", channel.Id.ToString()));
            }
        }
    }
}
