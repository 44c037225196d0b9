using ActorInterp.Benchmarks.Core;
using ActorInterp.Examples.Pipeline.Engine;

namespace ActorInterp.Benchmarks.Quick;

/// <summary>
/// The pipeline's counting kernel alone on one core, then the pipeline on its 256 MiB built-in workload in share,
/// plain (no isolation), copy and transfer modes, in alternating rounds.
/// </summary>
public static class PipelineSection
{
    private const long Size = 256L << 20;

    public static async Task RunAsync(QuickRun run)
    {
        var f = run.Figures;
        var kernel = new KernelProbe();
        for (var i = 0; i < 3; i++) kernel.Measure();
        var samples = Enumerable.Range(0, Math.Max(run.Rounds, 9)).Select(_ => kernel.Measure()).ToList();
        f.Spread("kernel_mb_per_s_per_core", samples.Select(k => k.CpuMBps).ToList());
        f.Spread("kernel_wall_mb_per_s", samples.Select(k => k.WallMBps).ToList());
        run.Log($"kernel MB/s per core (CPU time): {run.Show("kernel_mb_per_s_per_core", "0")}");

        var pipeline = await new PipelineRounds(Size).RunAsync(
        [
            ("share_2_workers", PipelineMode.Share, 2), ("plain_2_workers", PipelineMode.Plain, 2), ("copy_2_workers", PipelineMode.Copy, 2),
            ("transfer_2_workers", PipelineMode.Transfer, 2), ("share_1_worker", PipelineMode.Share, 1),
        ], run.Rounds);
        SortedDictionary<string, double> Per(Func<List<PipelineRounds.Sample>, double> figure) =>
            new(pipeline.ToDictionary(kv => kv.Key, kv => figure(kv.Value)), StringComparer.Ordinal);
        f.Set("pipeline_mb_per_s", Per(s => Medians.Of(s.Select(x => x.WallMBps))));
        f.Set("pipeline_mb_per_s_min", Per(s => s.Min(x => x.WallMBps)));
        f.Set("pipeline_mb_per_s_max", Per(s => s.Max(x => x.WallMBps)));
        f.Set("pipeline_mb_per_cpu_s", Per(s => Medians.Of(s.Select(x => x.CpuMBps))));
        void Ratio(string name, string a, string b)
        {
            f.Ratio(name, pipeline[a].Select(x => x.WallMBps).ToList(), pipeline[b].Select(x => x.WallMBps).ToList());
            // The work a run costs, which other load on the machine disturbs far less than the wall clock.
            f.Ratio(name + "_cpu", pipeline[a].Select(x => x.CpuMBps).ToList(), pipeline[b].Select(x => x.CpuMBps).ToList());
        }
        Ratio("pipeline_2_vs_1_workers", "share_2_workers", "share_1_worker");
        Ratio("pipeline_share_vs_copy", "share_2_workers", "copy_2_workers");
        Ratio("pipeline_transfer_vs_copy", "transfer_2_workers", "copy_2_workers");
        Ratio("pipeline_share_vs_plain", "share_2_workers", "plain_2_workers");
        run.Log($"pipeline MB/s (medians of {run.Rounds} alternating rounds): " +
            string.Join(", ", Per(s => Medians.Of(s.Select(x => x.WallMBps))).Select(kv => $"{kv.Key} {kv.Value:0}")) +
            $"; share/plain {run.Show("pipeline_share_vs_plain")}, share/copy {run.Show("pipeline_share_vs_copy")} (CPU time {run.Show("pipeline_share_vs_copy_cpu")})");
    }
}
