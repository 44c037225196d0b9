using ActorInterp.Benchmarks.Core;

namespace ActorInterp.Benchmarks.Quick;

/// <summary>
/// Ownership returns per second, coalesced vs one message per return, in alternating rounds; and how long one
/// return waits behind a million queued posts (the control lane).
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

        var delays = new List<(double Return, double Drain)>();
        for (var i = 0; i < run.Rounds; i++) delays.Add(await ReturnDelayProbe.RunAsync(1_000_000));
        f.Spread("return_delay_behind_1M_us", delays.Select(d => d.Return).ToList());
        f.Spread("drain_1M_posts_us", delays.Select(d => d.Drain).ToList());
        run.Log($"return behind 1M posts: {run.Show("return_delay_behind_1M_us", "0")} us; draining them {run.Show("drain_1M_posts_us", "0")} us");
    }
}
