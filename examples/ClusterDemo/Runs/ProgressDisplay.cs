using System.Globalization;
using Spectre.Console;

namespace ClusterDemo;

/// <summary>The live table of each node's progress and borrows (on a terminal), and the nodes' figures at the end.</summary>
internal static class ProgressDisplay
{
    /// <summary>True when standard output is an interactive terminal (the live table is shown only there).</summary>
    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Waits for <paramref name="work"/>, showing the live table meanwhile when <see cref="Interactive"/>.</summary>
    public static async Task<T> ShowWhileAsync<T>(Task<T> work, Reader reader, Node[] nodes)
    {
        if (!Interactive) return await work;
        await AnsiConsole.Live(new Table()).StartAsync(async live =>
        {
            // A display refresh period, not a wait for a condition.
            while (await Task.WhenAny(work, Task.Delay(200)) != work) live.UpdateTarget(Table(reader, nodes));
            live.UpdateTarget(Table(reader, nodes));
        });
        return await work;
    }

    /// <summary>Each node's exchange figures, one line per node that was not killed.</summary>
    public static void WriteStats(TextWriter output, IEnumerable<Node> nodes)
    {
        foreach (var n in nodes.Where(n => !n.Killed))
        {
            var s = n.Exchange.GetStats();
            output.WriteLine($"{n.Label}: shipped {s.BytesShipped / 1048576.0:F1} MiB in {s.TransfersStarted} transfers, received {s.BytesReceived / 1048576.0:F1} MiB, " +
                $"releases sent/received/rejected {s.ReleasesSent}/{s.ReleasesReceived}/{s.ReleasesRejected}, reclaims after node loss {s.ReclaimsAfterNodeLoss}");
        }
    }

    private static Table Table(Reader reader, Node[] nodes)
    {
        var table = new Table().AddColumns("node", "chunks done", "in flight", "borrows out", "copies held", "MiB shipped", "reclaims");
        table.Title = new TableTitle($"word statistics: {reader.Completed}/{reader.ChunkCount} chunks");
        foreach (var n in nodes)
        {
            var s = n.Exchange.GetStats();
            var p = reader.Progress.TryGetValue(n.Address, out var x) ? x : default;
            var done = n.Killed || p.Gone ? $"[red]{p.Done} (gone)[/]" : p.Done.ToString(CultureInfo.InvariantCulture);
            table.AddRow(Markup.Escape(n.Label), done, p.InFlight.ToString(CultureInfo.InvariantCulture), s.RemoteBorrowsOut.ToString(CultureInfo.InvariantCulture),
                s.LocalCopies.ToString(CultureInfo.InvariantCulture), (s.BytesShipped / 1048576.0).ToString("F1", CultureInfo.InvariantCulture),
                s.ReclaimsAfterNodeLoss.ToString(CultureInfo.InvariantCulture));
        }
        return table;
    }
}
