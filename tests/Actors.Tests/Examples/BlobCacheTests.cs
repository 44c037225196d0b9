using Xunit;

namespace ActorInterp.Actors.Tests.Examples;

public sealed class BlobCacheTests
{
    [Fact]
    public async Task The_default_workload_runs_and_leaks_nothing()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await BlobCache.Program.RunAsync([], output, error, live: false).WaitAsync(TimeSpan.FromSeconds(90));
        Assert.True(exit == 0, $"exit {exit}\n{output}\n{error}");
        var text = output.ToString();
        Assert.Contains("BlobCache summary", text);
        Assert.Matches(@"leaks\s*│\s*none", text);
        Assert.Matches(@"corrupt reads\s*│\s*0", text);
    }

    [Fact]
    public async Task A_short_run_with_options_reports_its_settings()
    {
        var output = new StringWriter();
        var exit = await BlobCache.Program.RunAsync(["--clients", "2", "--budget", "16MiB", "--duration", "300ms", "--seed", "7"], output, new StringWriter(), live: false)
            .WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, exit);
        Assert.Contains("2 / 16.0 MiB / 7", output.ToString());
    }

    [Theory]
    [InlineData("--clients", "0", "--clients must be between 1 and 64")]
    [InlineData("--budget", "lots", "is not a size")]
    [InlineData("--budget", "1MiB", "at least 8 MiB")]
    [InlineData("--duration", "-2s", "is not a duration")]
    [InlineData("--seed", "x", "x")]
    public async Task Bad_options_print_a_clear_error_and_exit_1(string option, string value, string expected)
    {
        var error = new StringWriter();
        var exit = await BlobCache.Program.RunAsync([option, value], new StringWriter(), error, live: false);
        Assert.Equal(1, exit);
        Assert.Contains(expected, error.ToString());
    }
}
