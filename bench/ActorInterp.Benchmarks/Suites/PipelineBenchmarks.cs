using ActorInterp.Examples.Pipeline.Engine;
using BenchmarkDotNet.Attributes;

namespace ActorInterp.Benchmarks.Suites;

/// <summary>
/// Item 4: the pipeline on its built-in workload (64 MiB): 1 vs 2 workers; share vs copy vs transfer; and plain, the
/// same reader and kernel on plain threads with channels, no isolation (what isolation costs).
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const long Size = 64L << 20;

    private static PipelineResult Run(PipelineMode mode, int workers)
    {
        var result = PipelineEngine.RunAsync(new PipelineOptions { Mode = mode, Workers = workers, Size = Size, Top = 0 }).GetAwaiter().GetResult();
        if (!result.IsSound) throw new InvalidOperationException(string.Join("; ", result.BrokenInvariants));
        return result;
    }

    [Benchmark(Baseline = true)]
    public PipelineResult Copy2Workers() => Run(PipelineMode.Copy, 2);

    [Benchmark]
    public PipelineResult Share2Workers() => Run(PipelineMode.Share, 2);

    [Benchmark]
    public PipelineResult Transfer2Workers() => Run(PipelineMode.Transfer, 2);

    [Benchmark]
    public PipelineResult Plain2Workers() => Run(PipelineMode.Plain, 2);

    [Benchmark]
    public PipelineResult Share1Worker() => Run(PipelineMode.Share, 1);
}
