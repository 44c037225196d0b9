using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Akka.Actor;

namespace ClusterDemo;

/// <summary>
/// ClusterDemo's command line. A bad value is one line on standard error, naming the option, and exit code
/// <see cref="ExitCodes.BadOptions"/>; see <see cref="ExitCodes"/> for the others.
/// </summary>
internal static class ClusterDemoCli
{
    private static readonly string[] AkkaLevels = ["DEBUG", "INFO", "WARNING", "ERROR", "OFF"];

    /// <summary>Parses <paramref name="args"/> and runs the mode they choose; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var (root, read) = Build();
        root.SetAction((parse, cancellation) => RunModeAsync(read(parse), output, error, cancellation));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line per bad value, without the help text (ClusterDemo --help shows it).
            foreach (var e in parsed.Errors) await error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.BadOptions;
        }
        // Ctrl+C cancels the token; a node then leaves the cluster within its bounds, well before this one.
        var invocation = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = ProcessTiming.ShutdownBound * 2 };
        return await parsed.InvokeAsync(invocation);
    }

    /// <summary>Parses <paramref name="args"/> only: the options, or the error lines (for tests).</summary>
    public static (DemoOptions? Options, IReadOnlyList<string> Errors) Parse(string[] args)
    {
        var (root, read) = Build();
        var parsed = root.Parse(args);
        return parsed.Errors.Count > 0 ? (null, parsed.Errors.Select(e => $"error: {e.Message}").ToArray()) : (read(parsed), []);
    }

    private static async Task<int> RunModeAsync(DemoOptions options, TextWriter output, TextWriter error, CancellationToken cancellation)
    {
        try
        {
            return options.Mode switch
            {
                DemoMode.Measure => await Measure.RunAsync(rounds: 9),
                DemoMode.Reader => await ReaderProcess.RunAsync(options, output, error, cancellation),
                DemoMode.Worker => await WorkerProcess.RunAsync(options, output, error, cancellation),
                _ => await InProcessRun.RunAsync(options, output, error),
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && options.Input is not null)
        {
            await error.WriteLineAsync($"error: --input: could not read '{options.Input}': {ex.Message}");
            return ExitCodes.BadOptions;
        }
    }

    private static (RootCommand Root, Func<ParseResult, DemoOptions> Read) Build()
    {
        var selfTest = new Option<bool>("--self-test") { Description = "Three nodes in this process; kill a worker node mid-run and check the result, the reclaims and that nothing leaked." };
        var measure = new Option<bool>("--measure") { Description = "Measure the exchange against plain Akka remoting (run with -c Release)." };
        var role = new Option<string?>("--role")
        {
            Description = "Run one node in this process: reader (cuts the text, lends chunks, merges counts) or worker (counts).",
            CustomParser = r => OneOf(r, "--role", ["reader", "worker"]),
        };
        var port = new Option<int>("--port") { Description = "The node's TCP port on 127.0.0.1 (0: a free one).", CustomParser = r => WholeNumber(r, "--port", 0, 65535) };
        var seedNode = new Option<string?>("--seed-node")
        {
            Description = "The node to join, e.g. akka.tcp://clusterdemo@127.0.0.1:4053 (a worker's reader; the reader prints its address).",
            CustomParser = SeedNode,
        };
        var workers = new Option<int>("--workers") { Description = "Workers the reader waits for before it starts.", DefaultValueFactory = _ => 2, CustomParser = r => WholeNumber(r, "--workers", 1, 64) };
        var input = new Option<string?>("--input") { Description = "A text file to count (may be empty). Without it: a built-in text of --size-mb MiB." };
        input.Validators.Add(r =>
        {
            var path = r.GetValueOrDefault<string?>();
            if (string.IsNullOrEmpty(path)) r.AddError("--input: the path is empty; name a text file.");
            else if (Directory.Exists(path)) r.AddError($"--input: '{path}' is a directory; name a text file.");
            else if (!File.Exists(path)) r.AddError($"--input: no file at '{path}'.");
        });
        var sizeMb = new Option<int>("--size-mb")
        {
            Description = $"MiB of built-in text (0: an empty text). Default {DemoOptions.DefaultSizeMb}.",
            DefaultValueFactory = _ => DemoOptions.DefaultSizeMb,
            CustomParser = r => WholeNumber(r, "--size-mb", 0, DemoOptions.MaxSizeMb),
        };
        var chunkKb = new Option<int>("--chunk-kb")
        {
            Description = $"KiB of text per chunk lent to a worker. Default {DemoOptions.DefaultChunkKb}.",
            DefaultValueFactory = _ => DemoOptions.DefaultChunkKb,
            CustomParser = r => WholeNumber(r, "--chunk-kb", 1, DemoOptions.MaxChunkKb),
        };
        var akkaLog = new Option<string>("--akka-log")
        {
            Description = "Akka's log level: DEBUG, INFO, WARNING, ERROR or OFF (default).",
            DefaultValueFactory = _ => "OFF",
            CustomParser = r => OneOf(r, "--akka-log", AkkaLevels, ignoreCase: true)?.ToUpperInvariant() ?? "OFF",
        };
        var joinTimeout = new Option<int>("--join-timeout")
        {
            Description = $"Seconds the reader waits for its workers, and a worker for joining the cluster. Default {DemoOptions.DefaultJoinTimeoutSeconds}.",
            DefaultValueFactory = _ => DemoOptions.DefaultJoinTimeoutSeconds,
            CustomParser = r => WholeNumber(r, "--join-timeout", 1, 3600),
        };
        var progress = new Option<bool>("--progress") { Description = "The reader prints a line per counted chunk (for scripts)." };

        var root = new RootCommand("Word statistics across an Akka.Cluster: a reader node lends chunks of text to worker nodes as shared buffers; workers lend their counts back.")
        {
            selfTest, measure, role, port, seedNode, workers, input, sizeMb, chunkKb, akkaLog, joinTimeout, progress,
        };
        root.Validators.Add(c =>
        {
            bool Given(Option o) => c.GetResult(o) is { Implicit: false };
            var modes = new[] { (Option)selfTest, measure, role }.Where(Given).Select(o => o.Name).ToArray();
            if (modes.Length > 1) c.AddError($"{string.Join(" and ", modes)} do not go together; choose one.");
            // The token, not the value: a bad --role has its own error already, and its value would throw here.
            var roleName = c.GetResult(role)?.Tokens.FirstOrDefault()?.Value;
            void OnlyWith(Option o, string where, bool allowed)
            {
                if (Given(o) && !allowed) c.AddError($"{o.Name} applies only {where}.");
            }
            OnlyWith(port, "to --role reader or worker", roleName is not null);
            OnlyWith(seedNode, "to --role reader or worker", roleName is not null);
            OnlyWith(joinTimeout, "to --role reader or worker", roleName is not null);
            OnlyWith(workers, "to --role reader", roleName == "reader");
            OnlyWith(progress, "to --role reader", roleName == "reader");
            foreach (var o in new Option[] { input, sizeMb, chunkKb })
                OnlyWith(o, "to the reader (--role reader, or no --role)", roleName != "worker" && !Given(measure));
            if (Given(input) && Given(sizeMb)) c.AddError("--input and --size-mb do not go together: the built-in text is used only without --input.");
            if (roleName == "worker" && !Given(seedNode)) c.AddError("--role worker needs --seed-node: the reader's address, which the reader prints as it starts.");
        });

        DemoOptions Read(ParseResult p)
        {
            Node.AkkaLogLevel = p.GetValue(akkaLog)!;
            return new DemoOptions
            {
                Mode = p.GetValue(role) switch
                {
                    "reader" => DemoMode.Reader,
                    "worker" => DemoMode.Worker,
                    _ => p.GetValue(measure) ? DemoMode.Measure : p.GetValue(selfTest) ? DemoMode.SelfTest : DemoMode.InProcess,
                },
                Port = p.GetValue(port),
                SeedNode = p.GetValue(seedNode),
                Workers = p.GetValue(workers),
                Input = p.GetValue(input),
                SizeMb = p.GetValue(sizeMb),
                ChunkKb = p.GetValue(chunkKb),
                JoinTimeout = TimeSpan.FromSeconds(p.GetValue(joinTimeout)),
                Progress = p.GetValue(progress),
            };
        }
        return (root, Read);
    }

    private static int WholeNumber(ArgumentResult r, string name, int min, int max)
    {
        var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        r.AddError($"{name}: '{text}' is not a whole number from {min} to {max}.");
        return min;
    }

    private static string? OneOf(ArgumentResult r, string name, string[] allowed, bool ignoreCase = false)
    {
        var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        var match = allowed.FirstOrDefault(a => string.Equals(a, text, ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));
        if (match is not null) return match;
        r.AddError($"{name}: '{text}' is not one of {string.Join(", ", allowed)}.");
        return null;
    }

    private static string? SeedNode(ArgumentResult r)
    {
        var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        var example = $"akka.tcp://{Node.SystemName}@127.0.0.1:4053";
        if (!Address.TryParse(text, out var address) || address.Host is null || address.Port is null)
            r.AddError($"--seed-node: '{text}' is not a node address such as {example}.");
        else if (address.Protocol != "akka.tcp" || address.System != Node.SystemName)
            r.AddError($"--seed-node: '{text}' is not a ClusterDemo node: its address starts with akka.tcp://{Node.SystemName}@ (e.g. {example}).");
        else if (address.Port is < 1 or > 65535)
            r.AddError($"--seed-node: '{text}' has port {address.Port}; a node's port is from 1 to 65535.");
        return text;
    }
}
