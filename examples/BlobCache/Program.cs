using System.CommandLine;
using System.CommandLine.Parsing;
using Spectre.Console;

namespace BlobCache;

/// <summary>
/// BlobCache: a cache domain owns large values; client domains ask for them and read them through proxies,
/// without copies. Exit codes: 0 clean, 1 bad options, 2 something leaked (or a read was corrupt).
/// </summary>
public static class Program
{
    /// <summary>The run was clean.</summary>
    public const int Clean = 0;

    /// <summary>An option had a bad value (or was unknown); one line on standard error says which and why.</summary>
    public const int BadOptions = 1;

    /// <summary>Something leaked, or a read did not see the bytes the cache wrote.</summary>
    public const int LeakedOrCorrupt = 2;

    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error, live: null);

    /// <summary>Runs the app; <paramref name="live"/> forces the live view on or off (null: on when stdout is a terminal).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool? live)
    {
        var defaults = WorkloadOptions.Default;
        var clients = new Option<int>("--clients")
        {
            Description = "Client domains asking the cache (1-64).",
            DefaultValueFactory = _ => defaults.Clients,
            CustomParser = r => OptionParsers.WholeNumber(r, "--clients", 1, 64, "client domains"),
        };
        var budget = new Option<long>("--budget")
        {
            Description = "The cache's byte budget, e.g. 48MiB, 200MB, 1048576 (at least 8 MiB, the largest entry).",
            DefaultValueFactory = _ => defaults.Budget,
            CustomParser = r => OptionParsers.Size(r, "--budget", WorkloadOptions.MaxEntry),
        };
        var duration = new Option<TimeSpan>("--duration")
        {
            Description = "How long the clients run, e.g. 3s, 1500ms, 2m, 2.5 (seconds); 1 ms to 1 hour.",
            DefaultValueFactory = _ => defaults.Duration,
            CustomParser = r => OptionParsers.Duration(r, "--duration"),
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the sizes and of the clients' choices.",
            DefaultValueFactory = _ => defaults.Seed,
            CustomParser = r => OptionParsers.WholeNumber(r, "--seed", int.MinValue, int.MaxValue, "a 32-bit seed"),
        };
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
        if (result.Errors.Count > 0)
        {
            // One line per bad value, and no help text after it: the line says what to write instead.
            foreach (var parseError in result.Errors)
            {
                // An unknown word is the command's error; a bad value is its option's, and says what to write.
                var hint = parseError.SymbolResult is CommandResult ? " Run with --help to see the options." : "";
                await error.WriteLineAsync($"error: {parseError.Message}{hint}");
            }
            return BadOptions;
        }
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
        return summary.Leaked || summary.Corrupt > 0 ? LeakedOrCorrupt : Clean;
    }
}
