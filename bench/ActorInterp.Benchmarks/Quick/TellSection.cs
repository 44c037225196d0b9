using ActorInterp.Benchmarks.Core;

namespace ActorInterp.Benchmarks.Quick;

/// <summary>
/// Cross-domain Tell vs raw Akka Tell: one way (throughput) and ping-pong (latency). Runs first, while the process
/// is fresh: after the move section's large buffers the raw baseline measured up to 2x slower.
/// </summary>
public static class TellSection
{
    private const int Messages = 1_000_000;
    private const int Trips = 20_000;

    public static async Task RunAsync(QuickRun run)
    {
        var f = run.Figures;
        await using var tell = new TellProbe();
        for (var i = 0; i < 2; i++) // past tiered JIT warm-up
        {
            await tell.DomainOneWayAsync(Messages / 4);
            await tell.RawOneThreadOneWayAsync(Messages / 4);
            await tell.RawDefaultOneWayAsync(Messages / 4);
            await tell.DomainRoundTripAsync(Trips / 4);
            await tell.RawOneThreadRoundTripAsync(Trips / 4);
        }
        var oneWay = await Alternation.RoundsAsync(Math.Max(run.Rounds, 7),
            () => tell.DomainOneWayAsync(Messages), () => tell.RawOneThreadOneWayAsync(Messages), () => tell.RawDefaultOneWayAsync(Messages));
        var (ours, oneThread, byDefault) = (oneWay[0], oneWay[1], oneWay[2]);
        f.Spread("tell_msgs_per_s", ours);
        f.Spread("raw_tell_msgs_per_s", oneThread);
        f.Spread("raw_tell_default_dispatcher_msgs_per_s", byDefault);
        // Cost ratios (time per message, ours / theirs): 1.0 means as fast, above 1 means slower.
        f.Ratio("tell_overhead_ratio", oneThread, ours);
        f.Ratio("tell_overhead_vs_default_dispatcher", byDefault, ours);

        var trips = await Alternation.RoundsAsync(Math.Max(run.Rounds, 7),
            () => tell.DomainRoundTripAsync(Trips), () => tell.RawOneThreadRoundTripAsync(Trips));
        f.Spread("tell_round_trip_us", trips[0]);
        f.Spread("raw_tell_round_trip_us", trips[1]);
        f.Ratio("tell_round_trip_ratio", trips[0], trips[1]);
        // Each side's own processor time and bytes per message, which load on the machine barely moves. In one
        // process the JIT's profile of Akka's mailbox call favours the side that ran first (TellCostProbe's remarks),
        // so these come out up to a few ns against whichever ran second.
        await using (var cost = new TellCostProbe())
        {
            cost.DomainRound(200_000);
            cost.RawRound(200_000);
            var domain = new List<TellCost>();
            var raw = new List<TellCost>();
            await Alternation.RoundsAsync(run.Rounds,
                Alternation.Sync(() => Keep(domain, cost.DomainRound(200_000))),
                Alternation.Sync(() => Keep(raw, cost.RawRound(200_000))));
            foreach (var (name, samples) in new[] { ("tell", domain), ("raw_tell", raw) })
            {
                f.Spread(name + "_send_cpu_ns", samples.Select(c => c.SendNs).ToList());
                f.Spread(name + "_receive_cpu_ns", samples.Select(c => c.ReceiveNs).ToList());
                f.Spread(name + "_bytes_per_message", samples.Select(c => c.SendBytes + c.ReceiveBytes).ToList());
            }
            f.Ratio("tell_cpu_ratio", domain.Select(c => c.SendNs + c.ReceiveNs).ToList(), raw.Select(c => c.SendNs + c.ReceiveNs).ToList());
        }

        run.Log($"tell: ours {f.Get("tell_msgs_per_s"):N0} msgs/s, raw one-thread {f.Get("raw_tell_msgs_per_s"):N0}, raw default {f.Get("raw_tell_default_dispatcher_msgs_per_s"):N0}; " +
            $"ours/raw time per message {run.Show("tell_overhead_ratio")}, processor time {run.Show("tell_cpu_ratio")}, bytes per message {f.Get("tell_bytes_per_message"):0.###} (raw {f.Get("raw_tell_bytes_per_message"):0.###}); round trip us ours {f.Get("tell_round_trip_us"):0.00}, raw {f.Get("raw_tell_round_trip_us"):0.00}");
    }

    private static double Keep(List<TellCost> into, TellCost cost)
    {
        into.Add(cost);
        return cost.SendNs + cost.ReceiveNs;
    }
}
