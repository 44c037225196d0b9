using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using ActorInterp.Benchmarks.Core;
using ActorInterp.Domains;
using ActorInterp.Examples.Pipeline.Engine;

namespace ActorInterp.Benchmarks.Quick;

/// <summary>
/// The quick mode: every suite once, with Stopwatch medians instead of BenchmarkDotNet, in a few minutes;
/// writes one JSON object. Figures that need layers not built yet are null, with the reason under "skipped".
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

        // 2. Cross-domain Tell vs raw Akka Tell: needs DomainActorRef from the Actors layer.
        figures["tell_overhead_ratio"] = null;
        skipped["tell_overhead_ratio"] = "TODO: needs the Actors layer (domain.ActorOf returning a DomainActorRef), not built yet";

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

        // 4. The pipeline on its built-in workload.
        const long pipelineSize = 64L << 20;
        async Task<double> Pipeline(PipelineMode mode, int workers)
        {
            var samples = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                var r = await PipelineEngine.RunAsync(new PipelineOptions { Mode = mode, Workers = workers, Size = pipelineSize, Top = 0 });
                if (!r.IsSound) throw new InvalidOperationException($"The pipeline run was not sound: {string.Join("; ", r.BrokenInvariants)}");
                samples.Add(r.MegabytesPerSecond);
            }
            return Medians.Of(samples);
        }
        var share1 = await Pipeline(PipelineMode.Share, 1);
        var share2 = await Pipeline(PipelineMode.Share, 2);
        var copy2 = await Pipeline(PipelineMode.Copy, 2);
        var transfer2 = await Pipeline(PipelineMode.Transfer, 2);
        figures["pipeline_mb_per_s"] = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["share_1_worker"] = share1, ["share_2_workers"] = share2, ["copy_2_workers"] = copy2, ["transfer_2_workers"] = transfer2,
        };
        figures["pipeline_2_vs_1_workers"] = share2 / share1;
        figures["pipeline_share_vs_copy"] = share2 / copy2;
        figures["pipeline_transfer_vs_copy"] = transfer2 / copy2;
        Log($"pipeline MB/s: share 1w {share1:0.0}, share 2w {share2:0.0}, copy 2w {copy2:0.0}, transfer 2w {transfer2:0.0}");

        // 5. Cross-domain channels: need DomainChannel from the Actors layer. The raw baseline is measured already.
        figures["raw_channel_items_per_s"] = Medians.Of(Enumerable.Range(0, 3).Select(_ => RawChannel.ItemsPerSecond(2_000_000)));
        figures["channel_items_per_s"] = null;
        figures["channel_vs_raw_channel"] = null;
        skipped["channel_items_per_s"] = "TODO: needs runtime.CreateChannel<T> from the Actors layer, not built yet";
        skipped["channel_vs_raw_channel"] = skipped["channel_items_per_s"];

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
        figures["channel_vs_python311"] = null;
        figures["channel_16MiB_vs_python311"] = null;
        skipped["channel_vs_python311"] = "TODO: needs the Actors layer's channels; Python's side is measured (python311_channel_items_per_s)";
        skipped["channel_16MiB_vs_python311"] = "TODO: needs the Actors layer's channels; Python's side is measured (python311_channel_16MiB_us)";
        if (python.Skipped is { } why)
        {
            skipped["domain_create_close_vs_python311"] = why;
            skipped["python311"] = why;
        }
        figures["skipped"] = skipped;

        var text = JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true });
        if (jsonPath is not null) await File.WriteAllTextAsync(jsonPath, text + "\n", new UTF8Encoding(false));
        Console.WriteLine(text);
        return 0;
    }
}
