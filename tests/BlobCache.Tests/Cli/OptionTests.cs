using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.BlobCache.Tests.Cli;

public sealed class OptionTests
{
    private static Task<ConsoleRun> RunAsync(params string[] args) =>
        ConsoleRun.CaptureAsync((output, error) => global::BlobCache.Program.RunAsync(args, output, error, live: false), TimeSpan.FromSeconds(60));

    public static TheoryData<string, string> BadValues => new()
    {
        { "--duration", "NaN" },
        { "--duration", "nan" },
        { "--duration", "Infinity" },
        { "--duration", "-Infinity" },
        { "--duration", "-1" },
        { "--duration", "-2s" },
        { "--duration", "0" },
        { "--duration", "0ms" },
        { "--duration", "1e-9" },
        { "--duration", "0.5ms" },
        { "--duration", "1e400" },
        { "--duration", "61m" },
        { "--duration", "3601s" },
        { "--duration", "1e300m" },
        { "--duration", "soon" },
        { "--duration", "" },
        { "--budget", "NaN" },
        { "--budget", "NaNMiB" },
        { "--budget", "Infinity" },
        { "--budget", "-5MiB" },
        { "--budget", "0" },
        { "--budget", "1MiB" },
        { "--budget", "1e30" },
        { "--budget", "9223372036854775808" },
        { "--budget", "1e10GiB" },
        { "--budget", "lots" },
        { "--budget", "" },
        { "--clients", "NaN" },
        { "--clients", "0" },
        { "--clients", "-1" },
        { "--clients", "65" },
        { "--clients", "1e3" },
        { "--clients", "99999999999" },
        { "--clients", "2.5" },
        { "--seed", "x" },
        { "--seed", "NaN" },
        { "--seed", "99999999999" },
        { "--seed", "1.5" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Every_bad_option_value_gives_one_error_line_naming_the_option_and_exits_1(string option, string value)
    {
        var (code, output, error) = await RunAsync(option, value);

        Assert.Equal(global::BlobCache.Program.BadOptions, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("error: ", line);
        Assert.Contains(option, line);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("--nope")]
    [InlineData("extra")]
    [InlineData("--duration")]
    public async Task An_unknown_or_incomplete_option_gives_one_error_line_and_exits_1(string arg)
    {
        var (code, output, error) = await RunAsync(arg);

        Assert.Equal(global::BlobCache.Program.BadOptions, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains(arg, line);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task The_edges_of_every_range_are_accepted()
    {
        var (code, output, error) = await RunAsync("--clients", "1", "--budget", "8MiB", "--duration", "1ms", "--seed", "-2147483648");

        Assert.True(code == global::BlobCache.Program.Clean, $"exit {code}\n{output}\n{error}");
        Assert.Contains("1 / 8.0 MiB / -2147483648", output);
    }
}
