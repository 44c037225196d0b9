using ActorInterp.Benchmarks.Core;
using BenchmarkDotNet.Attributes;

namespace ActorInterp.Benchmarks.Suites;

/// <summary>
/// Returns alone, in steady state: before each invoke the owner lends 100,000 buffers it keeps and the holder
/// opens them (not measured); the invoke is the holder disposing every proxy in one turn until the owner has
/// applied every return. Coalesced (the default) and one message per return.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class ReturnsAloneBenchmarks
{
    private const int Returns = 100_000;
    private LendReturnProbe _probe = null!;

    [Params(true, false)]
    public bool Coalesce { get; set; }

    [GlobalSetup]
    public void Setup() => _probe = new LendReturnProbe(Returns, 16, Coalesce);

    [IterationSetup]
    public void Lend() => _probe.PrepareReturns();

    [GlobalCleanup]
    public void Cleanup()
    {
        _probe.Verify();
        _probe.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Returns)]
    public double Returned() => _probe.ReturnRound();
}
