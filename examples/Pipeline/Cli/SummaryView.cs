using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Examples.Pipeline.Input;
using Spectre.Console;

namespace ActorInterp.Examples.Pipeline.Cli;

/// <summary>The summary printed at the end of a run.</summary>
internal static class SummaryView
{
    public static void Write(IAnsiConsole console, PipelineResult r)
    {
        var source = r.Options.InputPath switch
        {
            null => $"built-in workload (seed {r.Options.Seed}, {ByteSize.Format(r.Options.Size)})",
            InputFiles.StandardInputPath => "standard input",
            var path => $"{path} ({r.FilesRead} files read, {r.Skipped.Count} skipped)",
        };
        // The source on a line of its own: as a table title it would wrap at the narrow table's width.
        console.WriteLine($"word statistics: {source}");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("figure");
        table.AddColumn(new TableColumn("value").RightAligned());
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("mode", $"{r.Options.Mode.ToString().ToLowerInvariant()}, {r.Options.Workers} workers");
        Row("bytes", $"{r.Bytes:N0} ({ByteSize.Format(r.Bytes)})");
        Row("lines", $"{r.Lines:N0}");
        Row("words", $"{r.Words:N0}");
        Row("unique words", $"{r.UniqueWords:N0}");
        Row("time", $"{r.Elapsed.TotalSeconds:0.000} s");
        Row("MB/s", $"{r.MegabytesPerSecond:N1}");
        Row("chunks", $"{r.Chunks:N0}");
        Row("chunks shared", $"{r.ChunksShared:N0}");
        Row("chunks transferred", $"{r.ChunksTransferred:N0}");
        Row("copies made", $"{r.CopiesMade:N0}");
        Row("returns coalesced", $"{r.ReturnsCoalesced:N0}");
        Row("peak memory (process)", ByteSize.Format(r.PeakWorkingSet));
        Row("leaks", $"{r.Leaks:N0}");
        console.Write(table);

        if (r.Top.Count > 0)
        {
            var top = new Table().Border(TableBorder.Rounded).Title($"top {r.Top.Count} words");
            top.AddColumn(new TableColumn("#").RightAligned());
            top.AddColumn("word");
            top.AddColumn(new TableColumn("count").RightAligned());
            for (var i = 0; i < r.Top.Count; i++)
                top.AddRow((i + 1).ToString(), Markup.Escape(r.Top[i].Word), r.Top[i].Count.ToString("N0"));
            console.Write(top);
        }
        foreach (var broken in r.BrokenInvariants)
            console.MarkupLine($"[red]invariant broken:[/] {Markup.Escape(broken)}");
    }
}
