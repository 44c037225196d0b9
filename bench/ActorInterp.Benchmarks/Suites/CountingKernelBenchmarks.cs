using ActorInterp.Benchmarks.Core;
using BenchmarkDotNet.Attributes;

namespace ActorInterp.Benchmarks.Suites;

/// <summary>
/// The counting kernel alone on one core: 64 MiB of the built-in workload, counted in 4 MiB chunks into one word
/// table (MB/s per core = 64 / the mean in seconds).
/// </summary>
[MemoryDiagnoser]
public class CountingKernelBenchmarks
{
    private KernelProbe _probe = null!;

    [GlobalSetup]
    public void Setup() => _probe = new KernelProbe();

    [Benchmark]
    public long Count64MiB() => _probe.CountOnce();
}
