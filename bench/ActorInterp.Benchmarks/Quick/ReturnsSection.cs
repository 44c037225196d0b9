using ActorInterp.Benchmarks.Core;

namespace ActorInterp.Benchmarks.Quick;

/// <summary>
/// Ownership returns per second, coalesced vs one message per return, in alternating rounds; and how long one
/// return waits behind a million queued posts (the control lane); and lends and returns in steady state.
/// </summary>
public static class ReturnsSection
{
    private const int Returns = 100_000;

    public static async Task RunAsync(QuickRun run)
    {
        var f = run.Figures;
        await ReturnsProbe.ReturnsPerSecondAsync(true, 10_000);
        await ReturnsProbe.ReturnsPerSecondAsync(false, 10_000);
        var s = await Alternation.RoundsAsync(run.Rounds,
            () => ReturnsProbe.ReturnsPerSecondAsync(true, Returns), () => ReturnsProbe.ReturnsPerSecondAsync(false, Returns));
        f.Spread("returns_per_s_coalesced", s[0]);
        f.Spread("returns_per_s_unbatched", s[1]);
        f.Ratio("returns_coalesced_vs_unbatched", s[0], s[1]);
        run.Log($"returns/s coalesced {run.Show("returns_per_s_coalesced", "N0")}, unbatched {run.Show("returns_per_s_unbatched", "N0")}");

        // Steady state: the same 4,096 pooled buffers lent to one holder over and over (nothing freed), so the
        // return batches are the owner's kept ones: what a lend and a return cost, in time and in bytes.
        await using (var steady = new LendReturnProbe(4096, 1024))
        {
            steady.MeasureLends(3);
            steady.MeasureReturns(3);
            var lends = new List<(double MicrosPerLend, double BytesPerLend)>();
            var backs = new List<(double ReturnsPerSecond, double BytesPerReturn)>();
            await Alternation.RoundsAsync(run.Rounds,
                Alternation.Sync(() => Keep(lends, steady.MeasureLends(3)).MicrosPerLend),
                Alternation.Sync(() => Keep(backs, steady.MeasureReturns(3)).ReturnsPerSecond));
            steady.Verify();
            f.Spread("lend_return_steady_us", lends.Select(l => l.MicrosPerLend).ToList());
            f.Spread("lend_return_steady_bytes", lends.Select(l => l.BytesPerLend).ToList());
            f.Spread("returns_per_s_steady", backs.Select(b => b.ReturnsPerSecond).ToList());
            f.Spread("returns_steady_bytes", backs.Select(b => b.BytesPerReturn).ToList());
        }
        run.Log($"steady state: lend + return {run.Show("lend_return_steady_us")} us, {f.Get("lend_return_steady_bytes"):0} B; " +
            $"returns/s {run.Show("returns_per_s_steady", "N0")}, {f.Get("returns_steady_bytes"):0.00} B per return");

        var delays = new List<(double Return, double Drain)>();
        for (var i = 0; i < run.Rounds; i++) delays.Add(await ReturnDelayProbe.RunAsync(1_000_000));
        f.Spread("return_delay_behind_1M_us", delays.Select(d => d.Return).ToList());
        f.Spread("drain_1M_posts_us", delays.Select(d => d.Drain).ToList());
        run.Log($"return behind 1M posts: {run.Show("return_delay_behind_1M_us", "0")} us; draining them {run.Show("drain_1M_posts_us", "0")} us");
    }

    private static T Keep<T>(List<T> into, T figures)
    {
        into.Add(figures);
        return figures;
    }
}
