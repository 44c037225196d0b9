using System.Diagnostics;
using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Sharing;
using Spectre.Console;

namespace ActorInterp.Examples.Pipeline.Cli;

/// <summary>Live figures while the pipeline runs (only when the output is a terminal).</summary>
internal static class ProgressView
{
    public static async Task<T> RunAsync<T>(IAnsiConsole console, PipelineProgress progress, long? totalBytes, Task<T> work)
    {
        var clock = Stopwatch.StartNew();
        var table = new Table().Border(TableBorder.Rounded);
        await console.Live(table).AutoClear(true).StartAsync(async ctx =>
        {
            while (!work.IsCompleted)
            {
                Render(table, progress, totalBytes, clock.Elapsed);
                ctx.Refresh();
                // A display refresh period, not a wait for a condition.
                await Task.WhenAny(work, Task.Delay(TimeSpan.FromMilliseconds(250)));
            }
        });
        return await work;
    }

    /// <summary>
    /// Bytes read so far: with a percentage of <paramref name="total"/> when the size is known ahead (the built-in
    /// workload), as bytes alone when it is not (files, a pipe on standard input).
    /// </summary>
    internal static string ReadFigure(long bytes, long? total) =>
        total is > 0 ? $"{ByteSize.Format(bytes)} of {ByteSize.Format(total.Value)} ({100.0 * bytes / total.Value:0}%)" : ByteSize.Format(bytes);

    private static void Render(Table table, PipelineProgress p, long? total, TimeSpan elapsed)
    {
        table.Rows.Clear();
        if (table.Columns.Count == 0)
        {
            table.AddColumn("figure");
            table.AddColumn(new TableColumn("value").RightAligned());
        }
        var bytes = p.BytesRead;
        var mbps = bytes / (1024.0 * 1024.0) / Math.Max(elapsed.TotalSeconds, 1e-3);
        table.AddRow("read", Markup.Escape(ReadFigure(bytes, total)));
        table.AddRow("MB/s", $"{mbps:N1}");
        table.AddRow("chunks sent", $"{p.ChunksDispatched:N0}");
        table.AddRow("chunks in flight", $"{p.ChunksInFlight}");
        if (p.Reader is { } reader) table.AddRow("borrows out (reader)", $"{reader.GetSharingStats().BorrowsOut}");
        foreach (var w in p.Workers) table.AddRow(Markup.Escape($"queue depth {w.Name}"), $"{w.GetStats().MailboxDepth}");
        if (p.Aggregator is { } a) table.AddRow("queue depth aggregator", $"{a.GetStats().MailboxDepth}");
    }
}
