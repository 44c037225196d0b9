using ActorInterp.Benchmarks.Core;
using ActorInterp.Cluster;
using BenchmarkDotNet.Attributes;

namespace ActorInterp.Benchmarks.Suites;

/// <summary>
/// 16 MiB to a domain on another node (two nodes in this process, 127.0.0.1, default Akka settings): over the data
/// lane, in chunks over remoting, and as one plain remoting byte[] with the frame raised (the baseline).
/// </summary>
[MemoryDiagnoser]
public class CrossNodeBenchmarks
{
    private CrossNodeProbe _lane = null!, _chunks = null!;

    [GlobalSetup]
    public void Setup()
    {
        _lane = CrossNodeProbe.StartAsync(BulkTransfer.DataLane).GetAwaiter().GetResult();
        _chunks = CrossNodeProbe.StartAsync(BulkTransfer.Remoting).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _lane.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _chunks.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public double PlainRemotingByteArray() => _lane.PlainOnceAsync().GetAwaiter().GetResult();

    [Benchmark]
    public double DataLane() => _lane.OursOnceAsync().GetAwaiter().GetResult();

    [Benchmark]
    public double ChunksOverRemoting() => _chunks.OursOnceAsync().GetAwaiter().GetResult();
}
