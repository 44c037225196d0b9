using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using ActorInterp.Benchmarks.Core;
using ActorInterp.Domains;
using ActorInterp.Examples.Pipeline.Engine;

namespace ActorInterp.Benchmarks.Quick;

/// <summary>
/// The quick mode: every suite once, with Stopwatch medians instead of BenchmarkDotNet, in a few minutes;
/// writes one JSON object. The Python comparisons are null, with the reason under "skipped", where python3 with
/// _xxsubinterpreters is absent.
/// </summary>
public static class QuickRunner
{
    private static readonly (string Name, int Size, int Count, int Window)[] Sizes =
    [
        ("1KiB", 1 << 10, 5_000, 256),
        ("64KiB", 64 << 10, 2_000, 64),
        ("1MiB", 1 << 20, 500, 16),
        ("16MiB", 16 << 20, 100, 4),
        ("64MiB", 64 << 20, 40, 4),
    ];

    public static async Task<int> RunAsync(string? jsonPath)
    {
        var figures = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        var skipped = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Log(string line) => Console.Error.WriteLine(line);

        figures["processors"] = Environment.ProcessorCount;
        figures["os"] = RuntimeInformation.OSDescription;
        figures["dotnet"] = RuntimeInformation.FrameworkDescription;
        figures["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd");
        // The machine may be shared: the load when the run started says how far to trust wall-clock figures.
        if (File.Exists("/proc/loadavg")) figures["load_average_1min"] = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

        // 2. Cross-domain Tell vs raw Akka Tell: one way (throughput) and ping-pong (latency). First, while the
        // process is fresh: after the move suite's large buffers the raw baseline measured up to 2x slower. The three
        // one-way runs alternate within a round so that drift on a loaded machine favours none of them.
        await using (var tell = new TellProbe())
        {
            const int messages = 1_000_000;
            const int trips = 20_000;
            for (var i = 0; i < 2; i++)
            {
                await tell.DomainOneWayAsync(messages / 4);
                await tell.RawOneThreadOneWayAsync(messages / 4);
                await tell.RawDefaultOneWayAsync(messages / 4);
                await tell.DomainRoundTripAsync(trips / 4);
                await tell.RawOneThreadRoundTripAsync(trips / 4);
            }
            var ours = new List<double>();
            var oneThread = new List<double>();
            var byDefault = new List<double>();
            var oursTrip = new List<double>();
            var rawTrip = new List<double>();
            for (var round = 0; round < 7; round++)
            {
                if (round % 2 == 0)
                {
                    ours.Add(await tell.DomainOneWayAsync(messages));
                    oneThread.Add(await tell.RawOneThreadOneWayAsync(messages));
                    byDefault.Add(await tell.RawDefaultOneWayAsync(messages));
                    oursTrip.Add(await tell.DomainRoundTripAsync(trips));
                    rawTrip.Add(await tell.RawOneThreadRoundTripAsync(trips));
                }
                else
                {
                    byDefault.Add(await tell.RawDefaultOneWayAsync(messages));
                    oneThread.Add(await tell.RawOneThreadOneWayAsync(messages));
                    ours.Add(await tell.DomainOneWayAsync(messages));
                    rawTrip.Add(await tell.RawOneThreadRoundTripAsync(trips));
                    oursTrip.Add(await tell.DomainRoundTripAsync(trips));
                }
            }
            double oursRate = Medians.Of(ours), oneThreadRate = Medians.Of(oneThread), defaultRate = Medians.Of(byDefault);
            figures["tell_msgs_per_s"] = oursRate;
            figures["raw_tell_msgs_per_s"] = oneThreadRate;
            figures["raw_tell_default_dispatcher_msgs_per_s"] = defaultRate;
            // Cost ratios (time per message, ours / theirs): 1.0 means as fast, above 1 means slower.
            figures["tell_overhead_ratio"] = oneThreadRate / oursRate;
            figures["tell_overhead_vs_default_dispatcher"] = defaultRate / oursRate;
            figures["tell_round_trip_us"] = Medians.Of(oursTrip);
            figures["raw_tell_round_trip_us"] = Medians.Of(rawTrip);
            Log($"tell msgs/s: ours {oursRate:N0}, raw one-thread {oneThreadRate:N0}, raw default {defaultRate:N0}; " +
                $"round trip us: ours {figures["tell_round_trip_us"]:0.00}, raw {figures["raw_tell_round_trip_us"]:0.00}");
        }

        // 1. Moving a buffer: share vs Hyperion round trip vs Array.Copy, without and with reading every byte.
        var moves = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        await using (var mover = new ShareMover())
        {
            var copies = new CopyBaselines();
            for (var i = 0; i < 3; i++) await mover.MoveAsync(1024, 5_000, 256, read: false); // past tiered JIT warm-up
            foreach (var (name, size, count, window) in Sizes)
            {
                var source = new byte[size];
                Random.Shared.NextBytes(source);
                var reps = Math.Clamp((int)(64L * 1024 * 1024 / size), 1, 500); // per round
                var row = new SortedDictionary<string, double>(StringComparer.Ordinal);
                await mover.MoveAsync(size, Math.Min(count, 64), window, read: false); // warm the pool and the code
                row["share_us"] = await Medians.MicrosPerOpAsync(5, () => mover.MoveAsync(size, count, window, read: false));
                row["share_read_us"] = await Medians.MicrosPerOpAsync(3, () => mover.MoveAsync(size, Math.Max(4, count / 4), window, read: true));
                copies.HyperionRoundTrip(source, read: false);
                row["hyperion_us"] = Medians.MicrosPerOp(3, reps, n => { for (var i = 0; i < n; i++) copies.HyperionRoundTrip(source, read: false); });
                row["hyperion_read_us"] = Medians.MicrosPerOp(3, reps, n => { for (var i = 0; i < n; i++) copies.HyperionRoundTrip(source, read: true); });
                row["array_copy_us"] = Medians.MicrosPerOp(3, reps, n => { for (var i = 0; i < n; i++) CopyBaselines.ArrayCopy(source, read: false); });
                row["array_copy_read_us"] = Medians.MicrosPerOp(3, reps, n => { for (var i = 0; i < n; i++) CopyBaselines.ArrayCopy(source, read: true); });
                moves[name] = row;
                Log($"move {name}: {string.Join(", ", row.Select(kv => $"{kv.Key}={kv.Value:0.###}"))}");
            }
        }
        figures["move"] = moves;
        var m1 = (SortedDictionary<string, double>)moves["1KiB"]!;
        var m64 = (SortedDictionary<string, double>)moves["64MiB"]!;
        figures["share_open_dispose_1KiB_us"] = m1["share_us"];
        figures["share_open_dispose_64MiB_us"] = m64["share_us"];
        figures["share_vs_hyperion_64MiB"] = m64["hyperion_us"] / m64["share_us"];
        figures["share_flatness_1KiB_to_64MiB"] = m64["share_us"] / m1["share_us"];

        // The 1 MiB record told domain to domain: deep copy vs a shared buffer lent.
        await using (var record = new RecordMove())
        {
            await record.CopyMicrosAsync(20);
            await record.ShareMicrosAsync(20);
            figures["copy_1MiB_record_us"] = await Medians.MicrosPerOpAsync(5, () => record.CopyMicrosAsync(100));
            figures["share_1MiB_record_us"] = await Medians.MicrosPerOpAsync(5, () => record.ShareMicrosAsync(200));
            Log($"1 MiB record: copy {figures["copy_1MiB_record_us"]:0.0} us, share {figures["share_1MiB_record_us"]:0.00} us");
        }

        // 3. Ownership returns per second, coalesced vs one message per return.
        const int returns = 100_000;
        await ReturnsProbe.ReturnsPerSecondAsync(true, 10_000);
        var coalesced = await Medians.MicrosPerOpAsync(3, () => ReturnsProbe.ReturnsPerSecondAsync(true, returns));
        var unbatched = await Medians.MicrosPerOpAsync(3, () => ReturnsProbe.ReturnsPerSecondAsync(false, returns));
        figures["returns_per_s_coalesced"] = coalesced;
        figures["returns_per_s_unbatched"] = unbatched;
        figures["returns_coalesced_vs_unbatched"] = coalesced / unbatched;
        Log($"returns/s coalesced {coalesced:N0}, unbatched {unbatched:N0}");

        // The foundation: one return behind a million queued posts.
        var delays = new List<(double Return, double Drain)>();
        for (var i = 0; i < 3; i++) delays.Add(await ReturnDelayProbe.RunAsync(1_000_000));
        figures["return_delay_behind_1M_us"] = Medians.Of(delays.Select(d => d.Return));
        figures["drain_1M_posts_us"] = Medians.Of(delays.Select(d => d.Drain));
        Log($"return behind 1M posts: {figures["return_delay_behind_1M_us"]:0} us; draining them {figures["drain_1M_posts_us"]:0} us");

        // 4. The pipeline on its built-in workload, and its counting kernel alone on one core.
        var kernel = new KernelProbe();
        for (var i = 0; i < 3; i++) kernel.Measure();
        var kernelSamples = Enumerable.Range(0, 9).Select(_ => kernel.Measure()).ToList();
        figures["kernel_mb_per_s_per_core"] = Medians.Of(kernelSamples.Select(k => k.CpuMBps));
        figures["kernel_mb_per_s_per_core_min"] = kernelSamples.Min(k => k.CpuMBps);
        figures["kernel_mb_per_s_per_core_max"] = kernelSamples.Max(k => k.CpuMBps);
        figures["kernel_wall_mb_per_s"] = Medians.Of(kernelSamples.Select(k => k.WallMBps));
        Log($"kernel MB/s per core (CPU time): median {figures["kernel_mb_per_s_per_core"]:0}, min {figures["kernel_mb_per_s_per_core_min"]:0}, max {figures["kernel_mb_per_s_per_core_max"]:0}");

        const long pipelineSize = 256L << 20;
        var pipeline = await new PipelineRounds(pipelineSize).RunAsync(
        [
            ("share_2_workers", PipelineMode.Share, 2), ("plain_2_workers", PipelineMode.Plain, 2), ("copy_2_workers", PipelineMode.Copy, 2),
            ("transfer_2_workers", PipelineMode.Transfer, 2), ("share_1_worker", PipelineMode.Share, 1),
        ], rounds: 5);
        SortedDictionary<string, double> Per(Func<List<PipelineRounds.Sample>, double> f) =>
            new(pipeline.ToDictionary(kv => kv.Key, kv => f(kv.Value)), StringComparer.Ordinal);
        figures["pipeline_mb_per_s"] = Per(s => Medians.Of(s.Select(x => x.WallMBps)));
        figures["pipeline_mb_per_s_min"] = Per(s => s.Min(x => x.WallMBps));
        figures["pipeline_mb_per_s_max"] = Per(s => s.Max(x => x.WallMBps));
        figures["pipeline_mb_per_cpu_s"] = Per(s => Medians.Of(s.Select(x => x.CpuMBps)));
        void RatioFigure(string name, string a, string b)
        {
            var (median, min, max) = PipelineRounds.Ratio(pipeline[a], pipeline[b], x => x.WallMBps);
            figures[name] = median;
            figures[name + "_min"] = min;
            figures[name + "_max"] = max;
            figures[name + "_cpu"] = PipelineRounds.Ratio(pipeline[a], pipeline[b], x => x.CpuMBps).Median;
        }
        RatioFigure("pipeline_2_vs_1_workers", "share_2_workers", "share_1_worker");
        RatioFigure("pipeline_share_vs_copy", "share_2_workers", "copy_2_workers");
        RatioFigure("pipeline_transfer_vs_copy", "transfer_2_workers", "copy_2_workers");
        RatioFigure("pipeline_share_vs_plain", "share_2_workers", "plain_2_workers");
        Log($"pipeline MB/s (median of 5 alternating rounds): {string.Join(", ", ((SortedDictionary<string, double>)figures["pipeline_mb_per_s"]!).Select(kv => $"{kv.Key} {kv.Value:0}"))}; " +
            $"share/plain {figures["pipeline_share_vs_plain"]:0.00} ({figures["pipeline_share_vs_plain_min"]:0.00} to {figures["pipeline_share_vs_plain_max"]:0.00}), " +
            $"share/copy {figures["pipeline_share_vs_copy"]:0.00} ({figures["pipeline_share_vs_copy_min"]:0.00} to {figures["pipeline_share_vs_copy_max"]:0.00})");

        // 5. Cross-domain channels vs a raw channel between two threads, alternating.
        double channel16MiB;
        await using (var channels = new DomainChannelProbe())
        {
            const int items = 1_000_000;
            await channels.ItemsPerSecondAsync(items / 4);
            RawChannel.ItemsPerSecond(items / 4);
            await channels.BigItemMicrosAsync(5);
            var ours = new List<double>();
            var raw = new List<double>();
            for (var round = 0; round < 5; round++)
            {
                if (round % 2 == 0)
                {
                    ours.Add(await channels.ItemsPerSecondAsync(items));
                    raw.Add(RawChannel.ItemsPerSecond(items));
                }
                else
                {
                    raw.Add(RawChannel.ItemsPerSecond(items));
                    ours.Add(await channels.ItemsPerSecondAsync(items));
                }
            }
            figures["channel_items_per_s"] = Medians.Of(ours);
            figures["raw_channel_items_per_s"] = Medians.Of(raw);
            figures["channel_vs_raw_channel"] = Medians.Of(ours) / Medians.Of(raw);
            figures["raw_channel_multi_ends_items_per_s"] = Medians.Of(Enumerable.Range(0, 3).Select(_ => RawChannel.ItemsPerSecond(items, singleEnds: false)));
            channel16MiB = await Medians.MicrosPerOpAsync(5, () => channels.BigItemMicrosAsync(20));
            figures["channel_16MiB_us"] = channel16MiB;
            Log($"channel items/s: ours {Medians.Of(ours):N0}, raw {Medians.Of(raw):N0}; 16 MiB item {channel16MiB:0.0} us");
        }

        // 6. Domain create + close, per pair.
        await using (var runtime = DomainRuntime.Create(null, "bench-lifecycle"))
        {
            await DomainLifecycle.CreateCloseMicrosAsync(runtime);
            var samples = new List<double>();
            for (var i = 0; i < 40; i++) samples.Add(await DomainLifecycle.CreateCloseMicrosAsync(runtime));
            figures["domain_create_close_us"] = Medians.Of(samples);
        }
        Log($"domain create+close: {figures["domain_create_close_us"]:0} us");

        // 7. The seed system: Python 3.11 subinterpreters.
        var python = await PythonSide.RunAsync();
        figures["python311_version"] = python.Version;
        figures["python311_interp_create_destroy_us"] = python.CreateDestroyMicros;
        figures["python311_channel_items_per_s"] = python.ChannelItemsPerSecond;
        figures["python311_channel_16MiB_us"] = python.Channel16MiBMicros;
        figures["domain_create_close_vs_python311"] = python.CreateDestroyMicros / (double)figures["domain_create_close_us"]!;
        figures["channel_vs_python311"] = (double)figures["channel_items_per_s"]! / python.ChannelItemsPerSecond;
        figures["channel_16MiB_vs_python311"] = python.Channel16MiBMicros / channel16MiB;
        if (python.Skipped is { } why)
        {
            skipped["domain_create_close_vs_python311"] = why;
            skipped["channel_vs_python311"] = why;
            skipped["channel_16MiB_vs_python311"] = why;
            skipped["python311"] = why;
        }
        figures["skipped"] = skipped;

        var text = JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true });
        if (jsonPath is not null) await File.WriteAllTextAsync(jsonPath, text + "\n", new UTF8Encoding(false));
        Console.WriteLine(text);
        return 0;
    }
}
