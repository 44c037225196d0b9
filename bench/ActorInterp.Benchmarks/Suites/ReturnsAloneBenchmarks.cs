using ActorInterp.Benchmarks.Core;
using BenchmarkDotNet.Attributes;

namespace ActorInterp.Benchmarks.Suites;

/// <summary>
/// Returns alone, in steady state: before each invoke the owner lends buffers it keeps and the holder opens
/// them (not measured); the invoke is the holder disposing every proxy in one turn until the owner has applied
/// every return. Coalesced (the default) and one message per return. 4,096 returns stay within the batches a
/// holder keeps for reuse (8,192 returns' worth); 100,000 given in one turn may outrun the owner by more, and
/// each batch beyond those is allocated.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(1)]
public class ReturnsAloneBenchmarks
{
    private const int Few = 4_096;
    private const int Burst = 100_000;
    private LendReturnProbe _few = null!;
    private LendReturnProbe _burst = null!;

    [Params(true, false)]
    public bool Coalesce { get; set; }

    [GlobalSetup(Target = nameof(Returns4096))]
    public void SetupFew() => _few = new LendReturnProbe(Few, 16, Coalesce);

    [GlobalSetup(Target = nameof(Returns100000))]
    public void SetupBurst() => _burst = new LendReturnProbe(Burst, 16, Coalesce);

    [IterationSetup(Target = nameof(Returns4096))]
    public void LendFew() => _few.PrepareReturns();

    [IterationSetup(Target = nameof(Returns100000))]
    public void LendBurst() => _burst.PrepareReturns();

    [GlobalCleanup(Target = nameof(Returns4096))]
    public void CleanupFew() => Close(_few);

    [GlobalCleanup(Target = nameof(Returns100000))]
    public void CleanupBurst() => Close(_burst);

    [Benchmark(OperationsPerInvoke = Few)]
    public double Returns4096() => _few.ReturnRound();

    [Benchmark(OperationsPerInvoke = Burst)]
    public double Returns100000() => _burst.ReturnRound();

    private static void Close(LendReturnProbe probe)
    {
        probe.Verify();
        probe.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
