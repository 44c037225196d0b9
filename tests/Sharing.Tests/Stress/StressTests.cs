using System.Buffers;
using System.Diagnostics;
using ActorInterp.Domains;
using ActorInterp.Sharing.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ActorInterp.Sharing.Tests.Stress;

/// <summary>
/// Random operations on eight real domains, on real threads, over a small pool so that memory is reused
/// at once: an early free shows as a pattern mismatch in a reader. Set ACTORINTERP_STRESS_OPS and
/// ACTORINTERP_STRESS_SEED to run more operations or replay a seed.
/// </summary>
public sealed class StressTests : SharingTestKit
{
    private readonly ITestOutputHelper _output;

    public StressTests(ITestOutputHelper output) : base(output) => _output = output;

    private const int Domains = 8;
    private const int BatchSize = 250;
    private const int DefaultOps = 200_000;
    private const int DefaultSeed = 1_618_033;

    [Fact]
    public async Task Stress_random_operations_on_eight_domains_keep_every_invariant()
    {
        var ops = EnvInt("ACTORINTERP_STRESS_OPS", DefaultOps);
        var seed = EnvInt("ACTORINTERP_STRESS_SEED", DefaultSeed);
        _output.WriteLine($"stress: {ops} operations, seed {seed} (replay with ACTORINTERP_STRESS_SEED={seed})");
        try
        {
            await Run(ops, seed);
        }
        catch (Exception ex)
        {
            throw new XunitException($"The stress test failed with seed {seed} and {ops} operations (replay with ACTORINTERP_STRESS_SEED={seed} ACTORINTERP_STRESS_OPS={ops}):\n{ex}");
        }
    }

    private async Task Run(int ops, int seed)
    {
        var pool = new RecordingPool(ArrayPool<byte>.Create(64 * 1024, 4), record: false) { CheckOwnerThread = true };
        var runtime = NewRuntime(pool);
        var log = LogCollector.Attach(Sys);
        var nodes = Enumerable.Range(0, Domains).Select(i => new StressNode(runtime.CreateDomain($"stress-{i}"), i, pool)).ToArray();
        foreach (var node in nodes) node.Connect(nodes);

        var clock = Stopwatch.StartNew();
        var rounds = (ops + Domains * BatchSize - 1) / (Domains * BatchSize);
        for (var round = 0; round < rounds; round++)
        {
            var r = round;
            await Within(Task.WhenAll(nodes.Select(node =>
                node.Domain.RunAsync(() => node.RunBatch(new Random(HashCode.Combine(seed, r, node.Index)), BatchSize)))));
            if (!PostFailures.IsEmpty) break;
        }
        var ran = rounds * Domains * BatchSize;
        Assert.Empty(PostFailures);
        Assert.Empty(pool.Errors);
        _output.WriteLine($"{ran} operations in {clock.Elapsed.TotalSeconds:0.0} s; {pool.Rents} buffers rented");

        // Every opening posted in the last round was queued before this cleanup.
        await Within(Task.WhenAll(nodes.Select(node => node.Domain.RunAsync(node.Cleanup))));
        await EventuallyAfterGc(() =>
        {
            Assert.Empty(PostFailures);
            Assert.All(nodes, n =>
            {
                Assert.Equal(0, n.Domain.GetSharingStats().OwnedBuffers);
                Assert.Equal(0, n.Domain.GetSharingStats().BorrowsOut);
            });
            Assert.Equal(0, pool.Outstanding);
        });
        Assert.Empty(pool.Errors); // no double return, no return off the owner's thread
        var stats = nodes.Select(n => n.Domain.GetSharingStats()).ToArray();
        Assert.Equal(pool.Rents, stats.Sum(s => s.BuffersAllocated - s.TransfersIn));
        Assert.Equal(pool.Rents, pool.Returns);
        Assert.All(nodes, n => Assert.Equal(0, n.Domain.GetStats().PendingCallFailures));
        _output.WriteLine($"shares {stats.Sum(s => s.SharesMade)}, forwards {stats.Sum(s => s.ForwardNotices)}, returns {stats.Sum(s => s.ReturnsReceived)} in {stats.Sum(s => s.ReturnMessagesReceived)} messages, handles lost {stats.Sum(s => s.HandlesLost)}, proxies finalized {stats.Sum(s => s.ProxiesFinalized)}, transfers {stats.Sum(s => s.TransfersOut)}; all done in {clock.Elapsed.TotalSeconds:0.0} s");

        var slices = nodes.Select(n => n.Slices).ToArray();
        _output.WriteLine($"slices lent {slices.Sum(s => s.Lent)}, proxies cut {slices.Sum(s => s.Cut)}, out-of-range slices refused {slices.Sum(s => s.Refused)}");
        Assert.True(slices.Sum(s => s.Lent) > 0 && slices.Sum(s => s.Cut) > 0 && slices.Sum(s => s.Refused) > 0, "slices were lent, cut and refused");

        var report = await ShutdownClean(runtime);
        Assert.All(report.Domains, d =>
        {
            Assert.Equal(0, d.FreedAtClose);
            Assert.Equal(0, d.ReleasedHeld);
            Assert.Equal(0, d.RevokedBorrows);
        });
        Assert.Equal(0, pool.Outstanding);
        Assert.Empty(log.Errors);
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;
}
