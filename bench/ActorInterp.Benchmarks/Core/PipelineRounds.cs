using ActorInterp.Examples.Pipeline.Engine;

namespace ActorInterp.Benchmarks.Core;

/// <summary>
/// The pipeline on its built-in workload in alternating rounds: every configuration once per round, the order
/// reversed every other round, so that drift on a loaded machine favours none of them. Each run gives MB/s of
/// wall time and MB per second of the process's CPU time (less disturbed by other load: the work one run costs).
/// </summary>
public sealed class PipelineRounds(long size)
{
    /// <summary>One run's figures.</summary>
    public readonly record struct Sample(double WallMBps, double CpuMBps);

    /// <summary>Runs <paramref name="configurations"/> for <paramref name="rounds"/> rounds; each configuration's samples, in round order.</summary>
    public async Task<Dictionary<string, List<Sample>>> RunAsync(IReadOnlyList<(string Name, PipelineMode Mode, int Workers)> configurations, int rounds)
    {
        var samples = configurations.ToDictionary(c => c.Name, _ => new List<Sample>());
        foreach (var c in configurations) await RunOnceAsync(c.Mode, c.Workers); // JIT and pools warm
        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? configurations : configurations.Reverse().ToList();
            foreach (var c in order) samples[c.Name].Add(await RunOnceAsync(c.Mode, c.Workers));
        }
        return samples;
    }

    private async Task<Sample> RunOnceAsync(PipelineMode mode, int workers)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var r = await PipelineEngine.RunAsync(new PipelineOptions { Mode = mode, Workers = workers, Size = size, Top = 0 });
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        if (!r.IsSound) throw new InvalidOperationException($"The pipeline run was not sound: {string.Join("; ", r.BrokenInvariants)}");
        return new Sample(r.MegabytesPerSecond, r.Bytes / (1024.0 * 1024.0) / Math.Max(cpuSeconds, 1e-9));
    }
}
