using ActorInterp.Benchmarks.Core;
using BenchmarkDotNet.Attributes;

namespace ActorInterp.Benchmarks.Suites;

/// <summary>
/// The Ask round trip between two domains (BlobCache's hit without its scan), 2,000 round trips per invoke:
/// an answer without a buffer (the baseline) and one that lends a 1 MiB buffer, whose proxy the asker disposes.
/// </summary>
[MedianColumn]
[MemoryDiagnoser]
public class AskBenchmarks
{
    private const int Trips = 2_000;
    private AskProbe _probe = null!;

    [GlobalSetup]
    public void Setup() => _probe = new AskProbe();

    [GlobalCleanup]
    public void Cleanup() => _probe.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Trips)]
    public double AskAnswerWithoutBuffer() => _probe.RoundTripsAsync(Trips, lend: false).GetAwaiter().GetResult().Microseconds;

    [Benchmark(OperationsPerInvoke = Trips)]
    public double AskAnswerLendingOneMiB() => _probe.RoundTripsAsync(Trips, lend: true).GetAwaiter().GetResult().Microseconds;
}
