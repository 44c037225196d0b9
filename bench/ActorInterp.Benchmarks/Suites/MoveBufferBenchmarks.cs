using ActorInterp.Benchmarks.Core;
using BenchmarkDotNet.Attributes;

namespace ActorInterp.Benchmarks.Suites;

/// <summary>
/// Item 1: moving a buffer to another domain. Share + send + open + dispose + the return reaching the owner
/// (16 buffers per invoke, 4 in flight), vs a Hyperion round trip, vs Array.Copy into a new array; with and
/// without the receiver reading every byte.
/// </summary>
[MemoryDiagnoser]
public class MoveBufferBenchmarks
{
    private const int PerInvoke = 16;
    private ShareMover _mover = null!;
    private readonly CopyBaselines _copies = new();
    private byte[] _source = [];

    [Params(1 << 10, 64 << 10, 1 << 20, 16 << 20, 64 << 20)]
    public int Size { get; set; }

    [Params(false, true)]
    public bool Read { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _mover = new ShareMover();
        _source = new byte[Size];
        Random.Shared.NextBytes(_source);
    }

    [GlobalCleanup]
    public void Cleanup() => _mover.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public ulong HyperionRoundTrip() => _copies.HyperionRoundTrip(_source, Read);

    [Benchmark]
    public ulong ArrayCopy() => CopyBaselines.ArrayCopy(_source, Read);

    [Benchmark(OperationsPerInvoke = PerInvoke)]
    public double Share() => _mover.MoveAsync(Size, PerInvoke, 4, Read).GetAwaiter().GetResult();
}
