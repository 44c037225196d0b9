using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Spectre.Console;

namespace BlobCache;

/// <summary>
/// BlobCache: a cache domain owns large values; client domains ask for them and read them through proxies,
/// without copies. Exit codes: 0 clean, 1 bad options, 2 something leaked (or a read was corrupt).
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error, live: null);

    /// <summary>Runs the app; <paramref name="live"/> forces the live view on or off (null: on when stdout is a terminal).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool? live)
    {
        var defaults = WorkloadOptions.Default;
        var clients = new Option<int>("--clients") { Description = "Client domains asking the cache (1-64).", DefaultValueFactory = _ => defaults.Clients };
        clients.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64) r.AddError("--clients must be between 1 and 64.");
        });
        var budget = new Option<long>("--budget")
        {
            Description = "The cache's byte budget, e.g. 48MiB, 200MB, 1048576 (at least 8 MiB, the largest entry).",
            DefaultValueFactory = _ => defaults.Budget,
            CustomParser = r => ParseSize(r),
        };
        var duration = new Option<TimeSpan>("--duration")
        {
            Description = "How long the clients run, e.g. 3s, 1500ms, 2.5 (seconds).",
            DefaultValueFactory = _ => defaults.Duration,
            CustomParser = r => ParseDuration(r),
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the sizes and of the clients' choices.", DefaultValueFactory = _ => defaults.Seed };
        var root = new RootCommand("BlobCache: a cache domain lends large values to client domains without copying them.")
        {
            clients, budget, duration, seed,
        };
        var exitCode = 0;
        root.SetAction(async (parse, cancellationToken) =>
        {
            var options = new WorkloadOptions(parse.GetValue(clients), parse.GetValue(budget), parse.GetValue(duration), parse.GetValue(seed));
            exitCode = await RunWorkload(options, output, live, cancellationToken);
            return exitCode;
        });
        var result = root.Parse(args);
        return await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    private static async Task<int> RunWorkload(WorkloadOptions options, TextWriter output, bool? live, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        var showLive = live ?? (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && console.Profile.Capabilities.Interactive);
        RunSummary summary;
        if (showLive)
        {
            RunSummary? done = null;
            await console.Live(new Text("starting...")).StartAsync(async context =>
            {
                done = await BlobCacheRun.RunAsync(options, sample =>
                {
                    context.UpdateTarget(Display.Live(sample, options));
                    context.Refresh();
                }, cancellationToken);
            });
            summary = done!;
        }
        else
        {
            summary = await BlobCacheRun.RunAsync(options, null, cancellationToken);
        }
        console.Write(Display.Summary(summary));
        if (summary.Corrupt > 0) console.MarkupLine("[red]Some reads did not see the bytes the cache wrote.[/]");
        if (summary.Leaked) console.MarkupLine("[red]Something leaked: see the figures above.[/]");
        return summary.Leaked || summary.Corrupt > 0 ? 2 : 0;
    }

    private static long ParseSize(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        var units = new (string Suffix, long Factor)[] { ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000), ("B", 1) };
        long factor = 1;
        foreach (var (suffix, f) in units)
        {
            if (!text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            text = text[..^suffix.Length].Trim();
            factor = f;
            break;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number <= 0 || double.IsInfinity(number * factor))
        {
            result.AddError($"--budget: '{result.Tokens.FirstOrDefault()?.Value}' is not a size; write e.g. 48MiB, 200MB or 1048576.");
            return 0;
        }
        var bytes = (long)(number * factor);
        if (bytes < WorkloadOptions.MaxEntry) result.AddError($"--budget must be at least 8 MiB (the largest entry); got {Display.Size(bytes)}.");
        return bytes;
    }

    private static TimeSpan ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        double scale = 1;
        if (text.EndsWith("ms", StringComparison.OrdinalIgnoreCase)) (text, scale) = (text[..^2], 0.001);
        else if (text.EndsWith('s')) text = text[..^1];
        else if (text.EndsWith('m')) (text, scale) = (text[..^1], 60);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || value * scale > 3600)
        {
            result.AddError($"--duration: '{result.Tokens.FirstOrDefault()?.Value}' is not a duration between 1 ms and 1 hour; write e.g. 3s, 1500ms or 2.5.");
            return TimeSpan.Zero;
        }
        return TimeSpan.FromSeconds(value * scale);
    }
}
