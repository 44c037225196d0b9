using ActorInterp.Benchmarks.Core;
using BenchmarkDotNet.Attributes;

namespace ActorInterp.Benchmarks.Suites;

/// <summary>
/// Item 5: small items (ints, 1,000,000 per invoke) through a channel from runtime.CreateChannel&lt;T&gt;(1024)
/// between a sending and a receiving domain, beside a raw bounded System.Threading.Channels channel between two
/// threads (the baseline), the same ints in batches of 256 (SendManyAsync, TryReceiveMany/ReceiveManyAsync); and a 16 MiB shared buffer lent through the channel (opened, not read, disposed;
/// 20 items per invoke, timed until the owner frees it).
/// </summary>
[MemoryDiagnoser]
public class ChannelBenchmarks
{
    private const int Items = 1_000_000;
    private const int BigItems = 20;
    private DomainChannelProbe _probe = null!;

    [GlobalSetup]
    public void Setup() => _probe = new DomainChannelProbe();

    [GlobalCleanup]
    public void Cleanup() => _probe.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Items)]
    public double RawChannelBetweenThreads() => RawChannel.ItemsPerSecond(Items);

    [Benchmark(OperationsPerInvoke = Items)]
    public double DomainChannelBetweenDomains() => _probe.ItemsPerSecondAsync(Items).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Items)]
    public double DomainChannelBetweenDomainsBatched() => _probe.ItemsPerSecondBatchedAsync(Items).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = BigItems)]
    public double DomainChannel16MiBShared() => _probe.BigItemMicrosAsync(BigItems).GetAwaiter().GetResult();
}
