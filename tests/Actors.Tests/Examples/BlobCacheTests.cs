using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Actors.Tests.Examples;

public sealed class BlobCacheTests
{
    private static Task<ConsoleRun> RunAsync(string[] args, TimeSpan bound) =>
        ConsoleRun.CaptureAsync((output, error) => BlobCache.Program.RunAsync(args, output, error, live: false), bound);

    [Fact]
    public async Task The_default_workload_runs_and_leaks_nothing()
    {
        var run = await RunAsync([], TimeSpan.FromSeconds(90));
        Assert.True(run.Code == 0, $"exit {run.Code}\n{run.Out}\n{run.Err}");
        Assert.Contains("BlobCache summary", run.Out);
        Assert.Matches(@"leaks\s*│\s*none", run.Out);
        Assert.Matches(@"corrupt reads\s*│\s*0", run.Out);
    }

    [Fact]
    public async Task A_short_run_with_options_reports_its_settings()
    {
        var run = await RunAsync(["--clients", "2", "--budget", "16MiB", "--duration", "300ms", "--seed", "7"], TimeSpan.FromSeconds(60));
        Assert.Equal(0, run.Code);
        Assert.Contains("2 / 16.0 MiB / 7", run.Out);
    }

    [Theory]
    [InlineData("--clients", "0", "--clients must be between 1 and 64")]
    [InlineData("--budget", "lots", "is not a size")]
    [InlineData("--budget", "1MiB", "at least 8 MiB")]
    [InlineData("--duration", "-2s", "is not a duration")]
    [InlineData("--seed", "x", "x")]
    public async Task Bad_options_print_a_clear_error_and_exit_1(string option, string value, string expected)
    {
        var run = await RunAsync([option, value], TimeSpan.FromSeconds(60));
        Assert.Equal(1, run.Code);
        Assert.Contains(expected, run.Err);
    }
}
