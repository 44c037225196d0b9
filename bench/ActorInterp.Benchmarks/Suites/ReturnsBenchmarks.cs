using ActorInterp.Benchmarks.Core;
using BenchmarkDotNet.Attributes;

namespace ActorInterp.Benchmarks.Suites;

/// <summary>Item 3: ownership returns, coalesced (one message per holder turn) vs one message per return; 100,000 per invoke.</summary>
[MemoryDiagnoser]
public class ReturnsBenchmarks
{
    private const int Returns = 100_000;

    [Benchmark(Baseline = true, OperationsPerInvoke = Returns)]
    public double Unbatched() => ReturnsProbe.ReturnsPerSecondAsync(false, Returns).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Returns)]
    public double Coalesced() => ReturnsProbe.ReturnsPerSecondAsync(true, Returns).GetAwaiter().GetResult();
}
