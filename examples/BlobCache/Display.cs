using Spectre.Console;
using Spectre.Console.Rendering;

namespace BlobCache;

/// <summary>The live view (on a terminal) and the summary table.</summary>
public static class Display
{
    public static IRenderable Live(CacheSample s, WorkloadOptions o)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]BlobCache[/] {s.Elapsed.TotalSeconds:0.0}s / {o.Duration.TotalSeconds:0.#}s");
        table.AddColumn("entries").AddColumn("bytes owned").AddColumn("live in cache").AddColumn("evicted, still borrowed").AddColumn("returns/s");
        table.AddRow(s.Entries.ToString("N0"), Size(s.OwnedBytes), Size(s.LiveBytes), $"[yellow]{Size(s.EvictedButBorrowed)}[/]", s.ReturnsPerSecond.ToString("N0"));
        return table;
    }

    public static IRenderable Summary(RunSummary r)
    {
        var o = r.Options;
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]BlobCache summary[/]");
        table.AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("clients / budget / seed", $"{o.Clients} / {Size(o.Budget)} / {o.Seed}");
        Row("run time", $"{r.Elapsed.TotalSeconds:0.00} s");
        var (hits, misses, run) = (r.HitReads, r.MissReads, r.Elapsed);
        Row("reads, bytes (per s of run)", $"{r.Reads:N0} ({r.Reads / Seconds(run):N0}/s), {Size(r.BytesRead)}");
        Row("hits, bytes (per s of run)", $"{hits.Count:N0} ({hits.PerSecond(run):N0}/s), {Size(hits.Bytes)} ({Rate(hits.BytesPerSecond(run))})");
        Row("hits: scanned in place, no copy", $"{Rate(hits.ReadingBytesPerSecond)} of scanning ({Millis(hits.Reading)})");
        Row("hits: mean Ask round trip", Micros(hits.MeanWait));
        Row("misses, bytes (per s of run)", $"{misses.Count:N0} ({misses.PerSecond(run):N0}/s), {Size(misses.Bytes)} ({Rate(misses.BytesPerSecond(run))})");
        var making = r.Making > TimeSpan.Zero ? r.MadeBytes / r.Making.TotalSeconds : 0;
        Row("misses: making a value (cache)", $"{Micros(r.MeanMaking)} each, {Rate(making)}");
        Row("misses: mean Ask round trip", $"{Micros(misses.MeanWait)}, making included");
        Row("hits / misses (cache's count)", $"{r.Hits:N0} / {r.Misses:N0}");
        var clientTime = hits.Waiting + misses.Waiting + hits.Reading + misses.Reading + r.Returning;
        Row("clients: wait / scan / return", $"{Share(hits.Waiting + misses.Waiting, clientTime)} / {Share(hits.Reading + misses.Reading, clientTime)} / {Share(r.Returning, clientTime)}");
        Row("processor time used / available", $"{r.ProcessorTime.TotalSeconds:0.00} s / {r.ProcessorTimeAvailable.TotalSeconds:0.00} s");
        Row("processor time per read", $"{Micros(r.ProcessorTimePerRead)}: scan {Whole(r.ScanningPerRead)}, make {Whole(r.MakingPerRead)}, rest {Whole(r.RestPerRead)}");
        Row("evictions", $"{r.Evictions:N0} ({Size(r.EvictedBytes)})");
        Row("peak evicted but still borrowed", Size(r.PeakEvictedButBorrowed));
        Row("ownership returns received", r.ReturnsReceived.ToString("N0"));
        Row("buffers allocated / freed", $"{r.BuffersAllocated:N0} / {r.BuffersFreed:N0}");
        Row("bytes copied at the boundary", Size(r.BytesCopied));
        Row("proxies finalized without Dispose", r.ProxiesFinalized.ToString("N0"));
        Row("corrupt reads", r.Corrupt.ToString("N0"));
        Row("leaks", r.Leaked ? "YES" : "none");
        foreach (var c in r.Clients) Row($"  {c.Name}", $"{c.Reads:N0} reads ({c.Hits.Count:N0} hits), {Size(c.BytesRead)}");
        return table;
    }

    /// <summary>A rate of bytes per second, e.g. "12.3 GiB/s".</summary>
    public static string Rate(double bytesPerSecond) => $"{Size((long)bytesPerSecond)}/s";

    private static string Millis(TimeSpan time) => $"{time.TotalMilliseconds:N0} ms";

    private static string Micros(TimeSpan time) => $"{Whole(time)} us";

    private static string Whole(TimeSpan time) => $"{time.TotalMicroseconds:N0}";

    private static string Share(TimeSpan part, TimeSpan whole) => whole > TimeSpan.Zero ? $"{part / whole * 100:0}%" : "-";

    private static double Seconds(TimeSpan elapsed) => Math.Max(0.001, elapsed.TotalSeconds);

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.00} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };
}
