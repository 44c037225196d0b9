using ActorInterp.Benchmarks.Core;
using ActorInterp.Cluster;

namespace ActorInterp.Benchmarks.Quick;

/// <summary>
/// 16 MiB lent to a domain on another node (two cluster nodes on 127.0.0.1 in this process, default Akka settings)
/// against one plain remoting <c>byte[]</c> of 16 MiB with the frame raised, in the same rounds; and a small message's
/// round trip between the nodes, idle and while a 64 MiB buffer crosses. Over the data lane (the default), then
/// over chunks on the remoting association (<see cref="BulkTransfer.Remoting"/>, the path before the lane).
/// </summary>
public static class CrossNodeSection
{
    public static async Task RunAsync(QuickRun run)
    {
        foreach (var (transfer, name) in new[] { (BulkTransfer.DataLane, "cross_node"), (BulkTransfer.Remoting, "cross_node_chunks") })
        {
            var f = run.Figures;
            var rounds = new List<CrossNodeRound>();
            await using (var probe = await CrossNodeProbe.StartAsync(transfer))
            {
                await probe.RunRoundAsync(); // JIT, pools and connections warm
                for (var i = 0; i < run.Rounds; i++) rounds.Add(await probe.RunRoundAsync());
            }
            f.Spread(name + "_16MiB_ms", rounds.Select(r => r.OursMs).ToList());
            f.Spread(name + "_plain_remoting_16MiB_ms", rounds.Select(r => r.PlainMs).ToList());
            // How many times as fast as plain remoting (above 1 = faster): plain's time over ours, per round.
            f.Ratio(name + "_16MiB_vs_plain_remoting", rounds.Select(r => r.PlainMs).ToList(), rounds.Select(r => r.OursMs).ToList());
            f.Spread(name + "_round_trip_idle_us", rounds.Select(r => r.RoundTripIdleUs).ToList());
            f.Spread(name + "_round_trip_during_64MiB_us", rounds.Select(r => r.RoundTripDuringTransferUs).ToList());
            run.Log($"{name}: 16 MiB {run.Show(name + "_16MiB_ms", "0.0")} ms, plain remoting {run.Show(name + "_plain_remoting_16MiB_ms", "0.0")} ms, " +
                $"{run.Show(name + "_16MiB_vs_plain_remoting")}x as fast; small round trip {run.Show(name + "_round_trip_idle_us", "0")} us idle, " +
                $"{run.Show(name + "_round_trip_during_64MiB_us", "0")} us during 64 MiB");
        }
    }
}
