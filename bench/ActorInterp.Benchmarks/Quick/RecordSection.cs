using ActorInterp.Benchmarks.Core;

namespace ActorInterp.Benchmarks.Quick;

/// <summary>
/// A 1 MiB value in a record told domain to domain: deep-copied vs a shared buffer lent, in alternating rounds; and
/// the Ask round trip between two domains (BlobCache's hit without its scan), answered with and without a lent buffer.
/// </summary>
public static class RecordSection
{
    public static async Task RunAsync(QuickRun run)
    {
        var f = run.Figures;
        await using var record = new RecordMove();
        await record.CopyMicrosAsync(20);
        await record.ShareMicrosAsync(20);
        var s = await Alternation.RoundsAsync(run.Rounds, () => record.CopyMicrosAsync(100), () => record.ShareMicrosAsync(200));
        f.Spread("copy_1MiB_record_us", s[0]);
        f.Spread("share_1MiB_record_us", s[1]);
        f.Ratio("share_1MiB_record_vs_copy", s[0], s[1]);
        run.Log($"1 MiB record: copy {run.Show("copy_1MiB_record_us", "0.0")} us, share {run.Show("share_1MiB_record_us")} us");

        await using var ask = new AskProbe();
        await ask.RoundTripsAsync(2_000, lend: false);
        await ask.RoundTripsAsync(2_000, lend: true);
        var asks = new List<AskProbe.Figures>[] { [], [] };
        await Alternation.RoundsAsync(run.Rounds,
            async () => Record(asks[0], await ask.RoundTripsAsync(5_000, lend: false)),
            async () => Record(asks[1], await ask.RoundTripsAsync(5_000, lend: true)));
        foreach (var (name, samples) in new[] { ("ask_round_trip", asks[0]), ("ask_round_trip_lend_1MiB", asks[1]) })
        {
            f.Spread(name + "_us", samples.Select(a => a.Microseconds).ToList());
            f.Spread(name + "_cpu_us", samples.Select(a => a.ProcessorMicroseconds).ToList());
            f.Spread(name + "_bytes", samples.Select(a => a.BytesAllocated).ToList());
        }
        run.Log($"ask round trip: {run.Show("ask_round_trip_us")} us ({f.Get("ask_round_trip_bytes"):0} B), lending 1 MiB {run.Show("ask_round_trip_lend_1MiB_us")} us ({f.Get("ask_round_trip_lend_1MiB_bytes"):0} B)");
    }

    private static double Record(List<AskProbe.Figures> into, AskProbe.Figures figures)
    {
        into.Add(figures);
        return figures.Microseconds;
    }
}
