using System.Diagnostics;

namespace ActorInterp.Packages.Tests.Support;

/// <summary>
/// A bash script of the repository run as a child process, its standard output and error merged into one
/// stream of lines, in order, each passed on as it comes and kept.
/// </summary>
internal sealed class ScriptRun
{
    private ScriptRun(int exitCode, IReadOnlyList<string> lines, TimeSpan elapsed)
    {
        ExitCode = exitCode;
        Lines = lines;
        Elapsed = elapsed;
    }

    /// <summary>The script's exit code.</summary>
    public int ExitCode { get; }

    /// <summary>Every line it wrote, standard error merged in where it came.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>How long it ran.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The last line that is not blank, or "" when it wrote none.</summary>
    public string LastLine => Lines.LastOrDefault(l => l.Trim().Length > 0) ?? "";

    /// <summary>The last <paramref name="count"/> lines, for a failure's message.</summary>
    public string Tail(int count) => string.Join('\n', Lines.TakeLast(count));

    /// <summary>
    /// Runs <c>bash <paramref name="script"/></c> in <paramref name="directory"/>, handing each line to
    /// <paramref name="onLine"/> as it is written; kills it and everything it started past <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="TimeoutException">The script ran longer than <paramref name="timeout"/>; the message holds the end of its output.</exception>
    public static async Task<ScriptRun> RunAsync(string directory, string script, TimeSpan timeout, Action<string> onLine)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // Standard error into standard output inside the child, so that the lines keep the order they were written in.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec bash \"$0\" 2>&1");
        start.ArgumentList.Add(script);
        // The script runs dotnet as from a terminal: what `dotnet test` set up for its own MSBuild and test host
        // (MSBuild's paths and switches, the test platform's settings) is not passed on.
        foreach (var name in start.Environment.Keys.Where(IsTestRunSetting).ToArray()) start.Environment.Remove(name);
        // No build server (MSBuild's reused nodes, the compiler server) may outlive the script: one that kept a copy
        // of its output pipe would keep the output open, and the run waiting, long after the script ended.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"bash did not start to run {script}.");
        process.StandardInput.Close();
        var lines = new List<string>();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var error = process.StandardError.ReadToEndAsync(cts.Token);
            while (await process.StandardOutput.ReadLineAsync(cts.Token) is { } line)
            {
                lines.Add(line);
                onLine(line);
            }
            await process.WaitForExitAsync(cts.Token);
            if ((await error).Length > 0) lines.Add(await error);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bash {script} ran longer than {timeout.TotalMinutes:0} min and was stopped; the end of its output:\n" +
                string.Join('\n', lines.TakeLast(40)));
        }
        return new ScriptRun(process.ExitCode, lines, stopwatch.Elapsed);
    }

    private static bool IsTestRunSetting(string name) =>
        name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase);
}
