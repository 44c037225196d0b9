using System.Runtime.InteropServices;
using System.Text;

namespace ActorInterp.Benchmarks.Quick;

/// <summary>
/// The quick mode: every section once, with Stopwatch figures in alternating rounds instead of BenchmarkDotNet, in a
/// few minutes; writes one JSON object (standard output, and a file when asked) and progress lines on standard
/// error. The Python comparisons are null, with the reason under "skipped", where python3 with _xxsubinterpreters
/// is absent.
/// </summary>
public static class QuickRunner
{
    /// <summary>The sections in the order they run; Tell first, while the process is fresh.</summary>
    public static readonly IReadOnlyList<(string Name, Func<QuickRun, Task> Run)> Sections =
    [
        ("tell", TellSection.RunAsync),
        ("move", MoveSection.RunAsync),
        ("record", RecordSection.RunAsync),
        ("returns", ReturnsSection.RunAsync),
        ("pipeline", PipelineSection.RunAsync),
        ("seed", SeedSection.RunAsync),
        ("cross-node", CrossNodeSection.RunAsync),
    ];

    /// <summary>Runs the sections named in <paramref name="only"/> (all when empty) with <paramref name="rounds"/> alternating rounds.</summary>
    public static async Task<int> RunAsync(string? jsonPath, int rounds, IReadOnlyCollection<string> only)
    {
        var figures = new QuickFigures();
        var run = new QuickRun(figures, rounds);
        figures.Set("processors", Environment.ProcessorCount);
        figures.Set("os", RuntimeInformation.OSDescription);
        figures.Set("dotnet", RuntimeInformation.FrameworkDescription);
        figures.Set("date", DateTime.UtcNow.ToString("yyyy-MM-dd"));
        figures.Set("rounds", rounds);
        // The machine may be shared: the load when the run started and ended says how far to trust wall-clock figures.
        figures.Set("load_average_1min", LoadAverage());
        var started = DateTime.UtcNow;
        foreach (var (name, section) in Sections)
        {
            if (only.Count > 0 && !only.Contains(name)) continue;
            await section(run);
        }
        figures.Set("load_average_1min_at_end", LoadAverage());
        figures.Set("seconds", Math.Round((DateTime.UtcNow - started).TotalSeconds));
        var text = figures.ToJson();
        if (jsonPath is not null) await File.WriteAllTextAsync(jsonPath, text + "\n", new UTF8Encoding(false));
        Console.WriteLine(text);
        return 0;
    }

    private static double? LoadAverage() =>
        File.Exists("/proc/loadavg")
            ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
