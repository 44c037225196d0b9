using ActorInterp.Benchmarks.Core;
using ActorInterp.Domains;
using Akka.Actor;
using BenchmarkDotNet.Attributes;

namespace ActorInterp.Benchmarks.Suites;

/// <summary>
/// Items 6 and 7: domain create + close per pair, beside a plain Akka actor's create + stop (the baseline). The
/// Python subinterpreter side of item 7 runs only in the quick mode (bench/python/subinterp_bench.py).
/// </summary>
[MemoryDiagnoser]
public class DomainLifecycleBenchmarks
{
    private DomainRuntime _runtime = null!;

    [GlobalSetup]
    public void Setup() => _runtime = DomainRuntime.Create(null, "bench-lifecycle");

    [GlobalCleanup]
    public void Cleanup() => _runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public bool AkkaActorCreateStop()
    {
        var actor = _runtime.System.ActorOf(Props.Create<Idle>());
        return actor.GracefulStop(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
    }

    [Benchmark]
    public double DomainCreateClose() => DomainLifecycle.CreateCloseMicrosAsync(_runtime).GetAwaiter().GetResult();

    private sealed class Idle : ReceiveActor;
}
