using ActorInterp.Benchmarks.Core;
using BenchmarkDotNet.Attributes;

namespace ActorInterp.Benchmarks.Suites;

/// <summary>
/// A 1 MiB value in a record told from one domain to an actor of another (copy policy Copy): deep-copied
/// (the baseline) vs a shared buffer lent, 100 messages per invoke.
/// </summary>
[MemoryDiagnoser]
public class RecordMoveBenchmarks
{
    private const int Messages = 100;
    private RecordMove _move = null!;

    [GlobalSetup]
    public void Setup() => _move = new RecordMove();

    [GlobalCleanup]
    public void Cleanup() => _move.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public double Copy1MiBRecord() => _move.CopyMicrosAsync(Messages).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Messages)]
    public double Share1MiBRecord() => _move.ShareMicrosAsync(Messages).GetAwaiter().GetResult();
}
