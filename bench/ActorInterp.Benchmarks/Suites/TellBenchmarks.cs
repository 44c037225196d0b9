using ActorInterp.Benchmarks.Core;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace ActorInterp.Benchmarks.Suites;

/// <summary>
/// Item 2: a small message's Tell, one way (200,000 messages per invoke) and round trip (20,000 ping-pongs per
/// invoke), through a DomainActorRef between two domains, beside raw Akka.NET Tell between two one-thread
/// dispatchers (the baseline of each category) and on Akka's default dispatcher. Every figure, time and
/// Allocated alike, is per message (one way) or per round trip (OperationsPerInvoke): Allocated shows '-' for
/// 0 B, which is what both raw Akka's Tell and a DomainActorRef's allocate for a message made beforehand; a round
/// trip's 24 B is the Ping each side makes for its answer. Each side's processor time per message, which load
/// barely moves, is <see cref="TellCostProbe"/>'s.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MedianColumn]
[MemoryDiagnoser]
public class TellBenchmarks
{
    private const int Messages = 200_000;
    private const int Trips = 20_000;
    private TellProbe _probe = null!;

    [GlobalSetup]
    public void Setup() => _probe = new TellProbe();

    [GlobalCleanup]
    public void Cleanup() => _probe.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    [BenchmarkCategory("OneWay")]
    public double RawTellOneThreadDispatchers() => _probe.RawOneThreadOneWayAsync(Messages).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory("OneWay")]
    public double RawTellDefaultDispatcher() => _probe.RawDefaultOneWayAsync(Messages).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Messages)]
    [BenchmarkCategory("OneWay")]
    public double DomainActorRefTell() => _probe.DomainOneWayAsync(Messages).GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Trips)]
    [BenchmarkCategory("RoundTrip")]
    public double RawRoundTripOneThreadDispatchers() => _probe.RawOneThreadRoundTripAsync(Trips).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Trips)]
    [BenchmarkCategory("RoundTrip")]
    public double DomainActorRefRoundTrip() => _probe.DomainRoundTripAsync(Trips).GetAwaiter().GetResult();
}
