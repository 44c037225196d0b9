using System.Diagnostics;
using ActorInterp.Sharing.Protocol;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.Simulation;

public sealed class ProtocolSimulationTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_seed_keeps_the_invariants()
    {
        var (start, count) = SimSeeds.FromEnvironment(defaultCount: 2_000);
        var total = new SimStats();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
            total.Add(ProtocolSimulation.Run(start + (ulong)i, SimOptions.Default).Stats);
        clock.Stop();
        output.WriteLine($"{count} seeds from {start} in {clock.Elapsed.TotalSeconds:F1} s " +
                         $"({count / clock.Elapsed.TotalSeconds:F0} seeds/s): {total}");

        // The schedules must reach the paths the invariants are about, or passing proves little.
        if (count < 1_000) return;
        Assert.True(total.Frees > count, "buffers were freed");
        Assert.True(total.Crashes > 0 && total.Closes > 0, "holders crashed and closed");
        Assert.True(total.IgnoredReturns > 0, "returns on behalf of reclaimed holders arrived");
        Assert.True(total.LostHandles > 0 && total.Finalized > 0 && total.Transfers > 0, "losses, finalizers, transfers");
        Assert.True(total.SliceLends > 0 && total.ProxySlices > 0 && total.SliceRefusals > 0, "slices lent, cut and refused");
    }

    [Fact]
    public void Acquire_on_forward_is_caught_as_an_early_free()
    {
        // Without causal delivery a taker's return can reach the owner before the forwarder's acquire, so
        // the owner frees while the forwarder still reads. The checker must see it within a few hundred seeds.
        var naive = SimOptions.Default with { Forward = ForwardScheme.NaiveAcquire, CheckCoverage = false };
        SimulationFailure? earlyFree = null;
        var failed = 0;
        for (ulong seed = 0; seed < 300 && earlyFree is null; seed++)
        {
            try
            {
                ProtocolSimulation.Run(seed, naive);
            }
            catch (SimulationFailure failure)
            {
                failed++;
                if (failure.Kind == FailureKind.EarlyFree) earlyFree = failure;
            }
        }
        Assert.NotNull(earlyFree);
        output.WriteLine($"{failed} failing seeds up to seed {earlyFree.Seed}, the first early free:\n{earlyFree.Message}");
        Assert.Contains($"seed {earlyFree.Seed}:", earlyFree.Message);

        // The failure is a pure function of its seed: the replay fails the same way.
        var replay = Assert.Throws<SimulationFailure>(() => ProtocolSimulation.Run(earlyFree.Seed, naive));
        Assert.Equal(earlyFree.Message, replay.Message);
    }

    [Fact]
    public void A_notice_lost_with_a_crashed_outbox_after_its_handle_left_frees_early()
    {
        // The handle goes out at once, its notice waits in the outbox; the forwarder crashes before the flush.
        // The owner's reclaim of the forwarder then takes back the weight the taker still holds.
        // The same lost weight can also show first as an overdrawn count (a taker's return after the reclaim):
        // such seeds fail too, and the search goes on to one that frees early.
        var buffered = SimOptions.Default with { Notices = NoticeTiming.Buffered, CheckCoverage = false };
        SimulationFailure? caught = null;
        for (ulong seed = 0; seed < 300 && caught is null; seed++)
        {
            try
            {
                ProtocolSimulation.Run(seed, buffered);
            }
            catch (SimulationFailure failure) when (failure.Kind is FailureKind.EarlyFree or FailureKind.Overdrawn)
            {
                if (failure.Kind == FailureKind.EarlyFree) caught = failure;
            }
        }
        Assert.NotNull(caught);
        output.WriteLine(caught.Message);
    }

    [Fact]
    public void A_proxy_slice_outside_its_holders_count_is_caught_as_an_early_free()
    {
        // If cutting a slice did not count it among the holder's live proxies, disposing the proxy it was cut
        // from would give the holder's weight back while the slice still reads: the checker must see that.
        var uncounted = SimOptions.Default with { SlicesShareTheBorrow = false };
        SimulationFailure? caught = null;
        for (ulong seed = 0; seed < 300 && caught is null; seed++)
        {
            try
            {
                ProtocolSimulation.Run(seed, uncounted);
            }
            catch (SimulationFailure failure) when (failure.Kind == FailureKind.EarlyFree)
            {
                caught = failure;
            }
        }
        Assert.NotNull(caught);
        output.WriteLine(caught.Message);
    }

    [Fact]
    public void Same_seed_gives_the_same_trace()
    {
        foreach (var seed in new ulong[] { 3, 17, 7, 8, 12345 })
        {
            var first = ProtocolSimulation.Run(seed, SimOptions.Default).Trace;
            var second = ProtocolSimulation.Run(seed, SimOptions.Default).Trace;
            Assert.True(first.Count > 100, $"seed {seed} traced {first.Count} events");
            Assert.Equal(first, second);
        }
        Assert.NotEqual(ProtocolSimulation.Run(3, SimOptions.Default).Trace, ProtocolSimulation.Run(4, SimOptions.Default).Trace);
    }

    [Fact]
    public void Deep_chains_and_wide_fan_outs_stay_exact()
    {
        var chain = new SimStats();
        var fan = new SimStats();
        for (ulong seed = 0; seed < 4; seed++)
        {
            chain.Add(ProtocolSimulation.Run(seed, SimOptions.Default with { Profile = Profile.Chain, DeepSteps = 1_500 }).Stats);
            fan.Add(ProtocolSimulation.Run(seed, SimOptions.Default with { Profile = Profile.FanOut, DeepSteps = 1_500 }).Stats);
        }
        output.WriteLine($"chain: {chain}\nfan-out: {fan}");
        Assert.True(chain.MaxHops > 100, $"longest chain {chain.MaxHops} hops");
        Assert.True(fan.MaxFanOut > 100, $"widest fan-out {fan.MaxFanOut}");
        // Below 2^-100 a weight no longer fits the Int128 fast path: the BigInteger form carried it.
        Assert.True((fan.Lightest - Weight.OfDepth(100)).Sign < 0, $"lightest fan-out handle {fan.Lightest}");
    }
}
