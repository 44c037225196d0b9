using ActorInterp.Benchmarks.Core;
using BenchmarkDotNet.Attributes;

namespace ActorInterp.Benchmarks.Suites;

/// <summary>
/// Lend and return in steady state, on buffers of pooled memory the owner keeps: one operation is a share, an
/// open, a dispose and the owner applying the return (1,024 per invoke). The allocated bytes per operation are
/// the library's: the probe's own messages are four posts per invoke.
/// </summary>
[MemoryDiagnoser]
public class LendReturnBenchmarks
{
    private const int PerInvoke = 1024;
    private LendReturnProbe _probe = null!;

    [GlobalSetup]
    public void Setup() => _probe = new LendReturnProbe(PerInvoke, 1024);

    [GlobalCleanup]
    public void Cleanup()
    {
        _probe.Verify();
        _probe.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public double LendAndReturn() => _probe.LendRound();
}
