using ActorInterp.Benchmarks.Core;
using ActorInterp.Domains;

namespace ActorInterp.Benchmarks.Quick;

/// <summary>
/// Channels and domain lifecycle, against a raw <c>System.Threading.Channels</c> channel and against the seed
/// system, Python 3.11 subinterpreters. A round runs each contender once: our channel (items one at a time, then in
/// batches of 256), the raw channel, a 16 MiB
/// buffer through our channel, domain create + close (median of 40 pairs), and the Python script (which gives its
/// three figures from one run), so every ratio here is a median of per-round ratios.
/// </summary>
public static class SeedSection
{
    private const int Items = 1_000_000;

    public static async Task RunAsync(QuickRun run)
    {
        var f = run.Figures;
        await using var channels = new DomainChannelProbe();
        await using var runtime = DomainRuntime.Create(null, "bench-lifecycle");
        await channels.ItemsPerSecondAsync(Items / 4);
        RawChannel.ItemsPerSecond(Items / 4);
        await channels.BigItemMicrosAsync(5);
        await DomainLifecycle.CreateCloseMicrosAsync(runtime);

        var python = new List<PythonSide.Figures>();
        var s = await Alternation.RoundsAsync(run.Rounds,
            () => channels.ItemsPerSecondAsync(Items),
            () => channels.ItemsPerSecondBatchedAsync(Items),
            Alternation.Sync(() => RawChannel.ItemsPerSecond(Items)),
            () => channels.BigItemMicrosAsync(200),
            () => CreateCloseMedianAsync(runtime),
            async () =>
            {
                python.Add(await PythonSide.RunAsync());
                return 0;
            });
        var (ours, batched, raw, big, lifecycle) = (s[0], s[1], s[2], s[3], s[4]);
        f.Spread("channel_items_per_s", ours);
        f.Spread("raw_channel_items_per_s", raw);
        f.Ratio("channel_vs_raw_channel", ours, raw);
        // The same items sent and received 256 at a time (SendManyAsync, TryReceiveMany / ReceiveManyAsync).
        f.Spread("channel_batched_items_per_s", batched);
        f.Ratio("channel_batched_vs_raw_channel", batched, raw);
        f.Spread("channel_16MiB_us", big);
        f.Spread("domain_create_close_us", lifecycle);
        f.Set("raw_channel_multi_ends_items_per_s", Medians.Of(Enumerable.Range(0, 3).Select(_ => RawChannel.ItemsPerSecond(Items, singleEnds: false))));
        run.Log($"channel items/s: ours {run.Show("channel_items_per_s", "N0")}, batches of 256 {run.Show("channel_batched_items_per_s", "N0")}, raw {run.Show("raw_channel_items_per_s", "N0")}; " +
            $"16 MiB item {run.Show("channel_16MiB_us", "0.0")} us; domain create+close {run.Show("domain_create_close_us", "0")} us");

        if (python.FirstOrDefault(p => p.Skipped is not null) is { Skipped: { } why })
        {
            foreach (var name in new[] { "python311", "domain_create_close_vs_python311", "channel_vs_python311", "channel_batched_vs_python311", "channel_16MiB_vs_python311" }) f.Skip(name, why);
            run.Log($"python 3.11 side skipped: {why}");
            return;
        }
        f.Set("python311_version", python[0].Version);
        f.Spread("python311_interp_create_destroy_us", python.Select(p => p.CreateDestroyMicros!.Value).ToList());
        f.Spread("python311_channel_items_per_s", python.Select(p => p.ChannelItemsPerSecond!.Value).ToList());
        f.Spread("python311_channel_16MiB_us", python.Select(p => p.Channel16MiBMicros!.Value).ToList());
        f.Ratio("domain_create_close_vs_python311", python.Select(p => p.CreateDestroyMicros!.Value).ToList(), lifecycle);
        f.Ratio("channel_vs_python311", ours, python.Select(p => p.ChannelItemsPerSecond!.Value).ToList());
        f.Ratio("channel_batched_vs_python311", batched, python.Select(p => p.ChannelItemsPerSecond!.Value).ToList());
        f.Ratio("channel_16MiB_vs_python311", python.Select(p => p.Channel16MiBMicros!.Value).ToList(), big);
        run.Log($"vs python 3.11: channel items/s {run.Show("channel_vs_python311", "0.0")}x (batches {run.Show("channel_batched_vs_python311", "0.0")}x), 16 MiB item {run.Show("channel_16MiB_vs_python311", "0")}x, " +
            $"create+close {run.Show("domain_create_close_vs_python311", "0")}x");
    }

    private static async Task<double> CreateCloseMedianAsync(DomainRuntime runtime)
    {
        var samples = new List<double>(40);
        for (var i = 0; i < 40; i++) samples.Add(await DomainLifecycle.CreateCloseMicrosAsync(runtime));
        return Medians.Of(samples);
    }
}
