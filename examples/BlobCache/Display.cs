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
        Row("reads (verified in place)", $"{r.Reads:N0} ({r.Reads / Math.Max(0.001, r.Elapsed.TotalSeconds):N0}/s)");
        Row("bytes read without a copy", $"{Size(r.BytesRead)} ({Size((long)(r.BytesRead / Math.Max(0.001, r.Elapsed.TotalSeconds)))}/s)");
        Row("hits / misses", $"{r.Hits:N0} / {r.Misses:N0}");
        Row("evictions", $"{r.Evictions:N0} ({Size(r.EvictedBytes)})");
        Row("peak evicted but still borrowed", Size(r.PeakEvictedButBorrowed));
        Row("ownership returns received", r.ReturnsReceived.ToString("N0"));
        Row("buffers allocated / freed", $"{r.BuffersAllocated:N0} / {r.BuffersFreed:N0}");
        Row("bytes copied at the boundary", Size(r.BytesCopied));
        Row("proxies finalized without Dispose", r.ProxiesFinalized.ToString("N0"));
        Row("corrupt reads", r.Corrupt.ToString("N0"));
        Row("leaks", r.Leaked ? "YES" : "none");
        foreach (var c in r.Clients) Row($"  {c.Name}", $"{c.Reads:N0} reads, {Size(c.BytesRead)}");
        return table;
    }

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.00} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };
}
