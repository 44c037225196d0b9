using System.Diagnostics.Metrics;

namespace ActorInterp.Cluster;

/// <summary>Publishes a node's exchange figures on the <c>ActorInterp</c> meter, tagged with the node's address.</summary>
internal sealed class ExchangeMetrics : IDisposable
{
    private readonly Meter _meter = new("ActorInterp", "1.0");

    internal ExchangeMetrics(ClusterExchange exchange)
    {
        var node = new KeyValuePair<string, object?>("node", exchange.SelfAddress.ToString());
        void Counter(string name, string unit, string description, Func<ClusterExchangeStats, long> read) =>
            _meter.CreateObservableCounter(name, () => new Measurement<long>(read(exchange.GetStats()), node), unit, description);
        void Gauge(string name, string unit, string description, Func<ClusterExchangeStats, long> read) =>
            _meter.CreateObservableGauge(name, () => new Measurement<long>(read(exchange.GetStats()), node), unit, description);

        Counter("actorinterp.cluster.bytes_shipped", "By", "Buffer bytes sent to other nodes", s => s.BytesShipped);
        Counter("actorinterp.cluster.bytes_received", "By", "Buffer bytes received from other nodes", s => s.BytesReceived);
        Gauge("actorinterp.cluster.remote_borrows_out", "{borrow}", "Borrows of this node's buffers held by other nodes", s => s.RemoteBorrowsOut);
        Gauge("actorinterp.cluster.local_copies", "{buffer}", "Copies of other nodes' buffers kept here", s => s.LocalCopies);
        Counter("actorinterp.cluster.releases_received", "{release}", "Releases that ended a remote borrow", s => s.ReleasesReceived);
        Counter("actorinterp.cluster.releases_rejected", "{release}", "Forged or duplicated releases ignored", s => s.ReleasesRejected);
        Counter("actorinterp.cluster.messages_rejected", "{message}", "Other protocol messages refused", s => s.MessagesRejected);
        Counter("actorinterp.cluster.lane_transfers", "{transfer}", "Transfers whose bytes went over the data lane", s => s.LaneTransfers);
        Counter("actorinterp.cluster.lane_fallbacks", "{transfer}", "Transfers offered over the data lane that went over remoting instead", s => s.LaneFallbacks);
        Counter("actorinterp.cluster.reclaims", "{borrow}", "Borrows reclaimed after their node was lost", s => s.ReclaimsAfterNodeLoss);
    }

    public void Dispose() => _meter.Dispose();
}
