using ActorInterp.Benchmarks.Core;
using BenchmarkDotNet.Attributes;

namespace ActorInterp.Benchmarks.Suites;

/// <summary>
/// Item 5, baseline half: a raw System.Threading.Channels channel between two threads (2,000,000 small items).
/// TODO (needs src/Actors): the same exchange through runtime.CreateChannel&lt;T&gt;(capacity) between a sending
/// and a receiving domain, and a 16 MiB item through it; the quick mode reports channel_items_per_s,
/// channel_vs_raw_channel and the two Python channel ratios as null until then.
/// </summary>
public class ChannelBenchmarks
{
    private const int Items = 2_000_000;

    [Benchmark(Baseline = true, OperationsPerInvoke = Items)]
    public double RawChannelBetweenThreads() => RawChannel.ItemsPerSecond(Items);
}
