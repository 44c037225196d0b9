using ActorInterp.Benchmarks.Core;

namespace ActorInterp.Benchmarks.Quick;

/// <summary>A 1 MiB value in a record told domain to domain: deep-copied vs a shared buffer lent, in alternating rounds.</summary>
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
    }
}
