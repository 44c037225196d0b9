using ActorInterp.Examples.Pipeline.Cli;
using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Pipeline.Tests.Cli;

public sealed class NothingCountedTests
{
    private static Task<ConsoleRun> RunAsync(Stream? input, params string[] args) =>
        ConsoleRun.CaptureAsync((output, error) => PipelineCli.RunAsync(args, output, error, interactive: false, input), TimeSpan.FromSeconds(60));

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task When_every_file_is_skipped_it_exits_1_with_a_warning_for_each_and_one_error_line(bool json)
    {
        using var dir = new TempDirectory();
        var a = dir.Write("a.bin", [1, 2, 0, 3]);
        var b = dir.Write("sub/b.bin", [(byte)'w', 0]);

        var (code, output, error) = await RunAsync(null, ["--input", dir.Path, "--workers", "1", .. json ? new[] { "--json" } : []]);

        Assert.Equal(PipelineCli.BadInput, code);
        Assert.Equal("", output);
        var lines = Lines(error);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.StartsWith($"warning: skipped '{a}': it is binary", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"warning: skipped '{b}': it is binary", StringComparison.Ordinal));
        Assert.Equal($"error: nothing was counted: all 2 entries under '{dir.Path}' were skipped (see the warnings above); give a directory with text files in it.", lines[^1]);
    }

    [Fact]
    public async Task A_binary_file_as_input_exits_1()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("a.bin", [1, 2, 0, 3]);

        var (code, output, error) = await RunAsync(null, "--input", file, "--workers", "1");

        Assert.Equal(PipelineCli.BadInput, code);
        Assert.Equal("", output);
        Assert.Equal($"error: nothing was counted: '{file}' was skipped (see the warning above); give a text file.", Lines(error)[^1]);
    }

    [Fact]
    public async Task An_empty_directory_as_input_exits_1()
    {
        using var dir = new TempDirectory();

        var (code, output, error) = await RunAsync(null, "--input", dir.Path, "--workers", "1");

        Assert.Equal(PipelineCli.BadInput, code);
        Assert.Equal("", output);
        Assert.StartsWith("error: nothing was counted: the directory", Assert.Single(Lines(error)));
    }

    [Fact]
    public async Task Binary_standard_input_exits_1_with_a_warning_and_one_error_line()
    {
        var (code, output, error) = await RunAsync(new MemoryStream([(byte)'a', 0, (byte)'b']), "--input", "-", "--workers", "1");

        Assert.Equal(PipelineCli.BadInput, code);
        Assert.Equal("", output);
        Assert.Equal(
            ["warning: skipped standard input: it is binary (a NUL byte at offset 1, within the first 8000 bytes)",
             "error: nothing was counted: standard input was skipped (see the warning above); give text on standard input."],
            Lines(error));
    }

    [Fact]
    public async Task An_empty_file_is_read_and_counts_zero_words_with_exit_0()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("empty.txt", []);

        var (code, _, error) = await RunAsync(null, "--input", file, "--workers", "1", "--json");

        Assert.True(code == PipelineCli.Ok, error);
    }
}
