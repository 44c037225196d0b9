using Akka.Event;

namespace ActorInterp.Cluster;

/// <summary>
/// Records deliveries that failed: each one is counted in <see cref="ClusterExchangeStats.DeliveriesFailed"/> and
/// logged once as a warning with its reason, so that no delivery is lost without a trace. The exchange's thread only
/// (the counter has one writer).
/// </summary>
internal sealed class DeliveryFailures(ExchangeCounters counters, ILoggingAdapter log)
{
    /// <summary>Records one failed delivery: <paramref name="what"/> says which delivery and why, in a sentence.</summary>
    internal void Record(DeliveryFailure reason, string what)
    {
        ExchangeCounters.Add(ref counters.DeliveriesFailed, 1);
        log.Warning("Delivery failed ({0}): {1}", reason, what);
    }
}
