using System.Diagnostics;
using ActorInterp.TestSupport;

namespace ActorInterp.Pipeline.Tests.Support;

/// <summary>Runs the pipeline app as a process of its own, so that its memory is measured apart from the tests'.</summary>
internal static class AppProcess
{
    /// <summary>
    /// Runs <c>Pipeline.dll</c> (built next to the tests) with <paramref name="args"/>, its standard input the
    /// bytes of <paramref name="standardInputFile"/> through a pipe (or left as the tests' own when null); kills
    /// it past <paramref name="timeout"/> (dilated by the time factor).
    /// </summary>
    public static async Task<(int Code, string Out, string Err)> RunPipelineAsync(IEnumerable<string> args, TimeSpan timeout, string? standardInputFile = null)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInputFile is not null,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DotnetHost.AppBesideTests("Pipeline.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The pipeline app did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TestTime.Dilate(timeout));
        try
        {
            if (standardInputFile is not null)
            {
                // A pipe of unknown length, written while the app reads it, then closed: the app sees its end.
                await using (var file = File.OpenRead(standardInputFile))
                    await file.CopyToAsync(process.StandardInput.BaseStream, cts.Token);
                process.StandardInput.Close();
            }
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The pipeline app ran longer than {timeout.TotalSeconds:0} s: {string.Join(' ', start.ArgumentList)}");
        }
        return (process.ExitCode, await output, await error);
    }
}
