using ActorInterp.Packages.Tests.Support;
using Xunit;

namespace ActorInterp.Packages.Tests;

/// <summary>How the package test runs a script: its lines in order, errors merged in, and a script that hangs stopped.</summary>
public sealed class ScriptRunTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("actorinterp-scriptrun-");

    [Fact]
    public async Task Output_and_errors_come_as_lines_in_the_order_written_with_the_exit_code()
    {
        File.WriteAllText(Path.Combine(_directory.FullName, "script"), "echo one\necho two >&2\necho three\nexit 3\n");
        var seen = new List<string>();

        var run = await ScriptRun.RunAsync(_directory.FullName, "script", TimeSpan.FromMinutes(5), seen.Add);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(["one", "two", "three"], run.Lines);
        Assert.Equal(run.Lines, seen);
        Assert.Equal("three", run.LastLine);
    }

    [Fact]
    public async Task A_script_that_outlives_its_timeout_is_stopped_with_the_end_of_its_output_in_the_error()
    {
        // The script waits on a child that never ends by itself; only the timeout ends the run.
        File.WriteAllText(Path.Combine(_directory.FullName, "script"), "echo started\nsleep 100000 &\nwait\n");

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            ScriptRun.RunAsync(_directory.FullName, "script", TimeSpan.FromSeconds(2), _ => { }));

        Assert.Contains("started", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
