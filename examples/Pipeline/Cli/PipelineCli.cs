using System.CommandLine;
using System.CommandLine.Parsing;
using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Examples.Pipeline.Input;
using Spectre.Console;

namespace ActorInterp.Examples.Pipeline.Cli;

/// <summary>
/// The command line of the pipeline app. Exit codes: 0 ok, 1 a bad option or input path (one line on standard
/// error per problem), or an input of which nothing could be counted (every file skipped), 2 a leak or a broken
/// invariant.
/// </summary>
public static class PipelineCli
{
    /// <summary>Everything went well.</summary>
    public const int Ok = 0;
    /// <summary>A bad option or input path, or nothing counted because every input was skipped.</summary>
    public const int BadInput = 1;
    /// <summary>A leak or a broken invariant.</summary>
    public const int Unsound = 2;

    /// <summary>
    /// Runs the app with <paramref name="args"/>, writing results to <paramref name="output"/> and errors and
    /// warnings to <paramref name="error"/>; live progress only when <paramref name="interactive"/>.
    /// <c>--input -</c> reads <paramref name="input"/> (the process's standard input when null).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool interactive, Stream? input = null)
    {
        var mode = new Option<string>("--mode", "-m")
        {
            Description = "How chunks cross to the workers: share (zero-copy proxies), copy (Hyperion deep copy, the baseline), transfer (ownership moves) " +
                "or plain (no isolation: plain threads and channels, the yardstick for what isolation costs).",
            DefaultValueFactory = _ => "share",
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                if (text is "share" or "copy" or "transfer" or "plain") return text;
                r.AddError($"--mode: '{text}' is not a mode; use share, copy, transfer or plain.");
                return "share";
            },
        };
        var workers = new Option<int>("--workers", "-w")
        {
            Description = "Worker domains (default: the processor count).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
            CustomParser = r => ParseInt(r, "--workers", 1, 256),
        };
        var inputPath = new Option<string?>("--input", "-i")
        {
            Description = $"A text file, a directory whose files are read recursively, or - for standard input. Without it: the built-in workload. " +
                $"A file with a NUL byte in its first {TextCheck.FirstBlock} bytes is binary and skipped with a warning; every other file is counted, " +
                "in any ASCII-compatible encoding (UTF-8, Latin-1, ...): a word is a run of ASCII letters and digits, and every other byte separates words.",
        };
        var top = new Option<int>("--top", "-n")
        {
            Description = "How many of the most frequent words to show.",
            DefaultValueFactory = _ => 10,
            CustomParser = r => ParseInt(r, "--top", 0, int.MaxValue),
        };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object (and nothing else) on standard output." };
        var seed = new Option<long>("--seed")
        {
            Description = "Seed of the built-in workload (a 64-bit integer).",
            DefaultValueFactory = _ => 1,
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                if (long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)) return value;
                r.AddError($"--seed: '{text}' is not a whole number from {long.MinValue} to {long.MaxValue}.");
                return 1;
            },
        };
        var size = new Option<long>("--size")
        {
            Description = "Bytes of the built-in workload, e.g. 268435456, 256MiB, 1GiB (default 256MiB).",
            DefaultValueFactory = _ => PipelineOptions.DefaultSize,
            CustomParser = r => ParseSize(r, "--size"),
        };
        var chunk = new Option<long>("--chunk-size")
        {
            Description = "Bytes per chunk (default 4MiB).",
            DefaultValueFactory = _ => PipelineOptions.DefaultChunkSize,
            CustomParser = r =>
            {
                var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                if (ByteSize.TryParse(text, out var bytes) && bytes is >= PipelineOptions.MinChunkSize and <= 1L << 30) return bytes;
                r.AddError($"--chunk-size: '{text}' is not a size from {PipelineOptions.MinChunkSize} bytes to 1GiB (use bytes, or a number with KiB, MiB or GiB).");
                return PipelineOptions.DefaultChunkSize;
            },
        };
        var inFlight = new Option<int>("--in-flight")
        {
            Description = "The most chunks alive at once (default 0: twice the workers plus one).",
            CustomParser = r => ParseInt(r, "--in-flight", 0, 1 << 16),
        };

        var root = new RootCommand("Word statistics over text in parallel domains: a reader domain lends chunks of pooled memory to worker domains, an aggregator merges their counts.")
        {
            mode, workers, inputPath, top, json, seed, size, chunk, inFlight,
        };
        root.SetAction(async (parse, _) =>
        {
            var options = new PipelineOptions
            {
                Mode = Enum.Parse<PipelineMode>(parse.GetValue(mode)!, ignoreCase: true),
                Workers = parse.GetValue(workers),
                InputPath = parse.GetValue(inputPath),
                Top = parse.GetValue(top),
                Seed = parse.GetValue(seed),
                Size = parse.GetValue(size),
                ChunkSize = (int)parse.GetValue(chunk),
                MaxChunksInFlight = parse.GetValue(inFlight),
            };
            return await RunPipelineAsync(options, parse.GetValue(json), output, error, interactive, input);
        });
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line per bad value, and no help text after it: the line says what to write instead.
            foreach (var parseError in parsed.Errors)
            {
                // An unknown word is the command's error; a bad value is its option's, and says what to write.
                var hint = parseError.SymbolResult is CommandResult ? " Run with --help to see the options." : "";
                await error.WriteLineAsync($"error: {parseError.Message}{hint}");
            }
            return BadInput;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    private static async Task<int> RunPipelineAsync(PipelineOptions options, bool json, TextWriter output, TextWriter error, bool interactive, Stream? input)
    {
        InputListing? listing = null;
        if (options.InputPath is { } path)
        {
            try
            {
                listing = InputFiles.List(path, input);
            }
            catch (InputPathException ex)
            {
                await error.WriteLineAsync($"error: --input: {ex.Message}");
                return BadInput;
            }
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        var warnings = new List<string>();
        void Warn(string line)
        {
            lock (warnings) warnings.Add(line);
        }
        var progress = new PipelineProgress();
        var run = PipelineEngine.RunAsync(options, listing, Warn, progress);
        PipelineResult result;
        try
        {
            result = interactive && !json
                // Only the built-in workload's size is known ahead: files and standard input show bytes and rate.
                ? await ProgressView.RunAsync(console, progress, options.InputPath is null ? options.Size : null, run)
                : await run;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            foreach (var w in warnings) await error.WriteLineAsync(w);
            await error.WriteLineAsync($"error: reading the input failed: {ex.Message}");
            return BadInput;
        }
        foreach (var w in warnings) await error.WriteLineAsync(w);
        // An input given, and not one byte of it counted: 0 words from nothing is not a result, so none is printed.
        var nothingCounted = options.InputPath is not null && result.FilesRead == 0;
        if (nothingCounted) await error.WriteLineAsync($"error: {NothingCounted(options.InputPath!, result.Skipped.Count)}");
        else if (json) await output.WriteLineAsync(JsonReport.Write(result));
        else SummaryView.Write(console, result);
        foreach (var broken in result.BrokenInvariants) await error.WriteLineAsync($"error: invariant broken: {broken}");
        if (result.Leaks > 0) await error.WriteLineAsync($"error: {result.Leaks} leaked buffers or borrows.");
        return !result.IsSound ? Unsound : nothingCounted ? BadInput : Ok;
    }

    private static string NothingCounted(string path, int skipped) =>
        path == InputFiles.StandardInputPath ? "nothing was counted: standard input was skipped (see the warning above); give text on standard input."
        : !Directory.Exists(path) ? $"nothing was counted: '{path}' was skipped (see the warning above); give a text file."
        : skipped == 0 ? $"nothing was counted: the directory '{path}' holds no files; give a directory with text files in it."
        : skipped == 1 ? $"nothing was counted: the one entry under '{path}' was skipped (see the warning above); give a directory with text files in it."
        : $"nothing was counted: all {skipped} entries under '{path}' were skipped (see the warnings above); give a directory with text files in it.";

    private static int ParseInt(ArgumentResult r, string name, int min, int max)
    {
        var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        r.AddError(max == int.MaxValue ? $"{name}: '{text}' is not a whole number of {min} or more." : $"{name}: '{text}' is not a whole number from {min} to {max}.");
        return min;
    }

    private static long ParseSize(ArgumentResult r, string name)
    {
        var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        if (ByteSize.TryParse(text, out var bytes)) return bytes;
        r.AddError($"{name}: '{text}' is not a size (use bytes, or a number with KiB, MiB or GiB).");
        return 0;
    }
}
