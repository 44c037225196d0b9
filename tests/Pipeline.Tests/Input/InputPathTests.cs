using ActorInterp.Examples.Pipeline.Cli;
using ActorInterp.Pipeline.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Pipeline.Tests.Input;

public sealed class InputPathTests
{
    private static Task<ConsoleRun> RunAsync(params string[] args) =>
        ConsoleRun.CaptureAsync((output, error) => PipelineCli.RunAsync(args, output, error, interactive: false), TimeSpan.FromSeconds(60));

    private static void AssertOneErrorLine(string error, params string[] mentions)
    {
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("error: --input: ", line);
        foreach (var m in mentions) Assert.Contains(m, line);
    }

    [UnixFact]
    public async Task A_symbolic_link_loop_as_input_exits_1_with_one_error_line()
    {
        using var dir = new TempDirectory();
        var a = Path.Combine(dir.Path, "a");
        var b = Path.Combine(dir.Path, "b");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);

        var (code, output, error) = await RunAsync("--input", a, "--workers", "1");

        Assert.Equal(PipelineCli.BadInput, code);
        AssertOneErrorLine(error, a, "loop of symbolic links");
        Assert.Equal("", output);
    }

    [UnreadableFileFact]
    public async Task An_unreadable_file_as_input_exits_1_with_one_error_line()
    {
        using var dir = new TempDirectory();
        var file = UnreadableFile.In(dir);

        var (code, output, error) = await RunAsync("--input", file, "--workers", "1");

        Assert.Equal(PipelineCli.BadInput, code);
        AssertOneErrorLine(error, file, "cannot be read");
        Assert.Equal("", output);
    }

    [UnixFact]
    public async Task A_named_pipe_as_input_exits_1_with_one_error_line_instead_of_waiting_for_a_writer()
    {
        using var dir = new TempDirectory();
        var fifo = Path.Combine(dir.Path, "pipe");
        UnixEntries.MakeFifo(fifo);

        var (code, output, error) = await RunAsync("--input", fifo, "--workers", "1");

        Assert.Equal(PipelineCli.BadInput, code);
        AssertOneErrorLine(error, fifo, "named pipe");
        Assert.Equal("", output);
    }

    [Fact]
    public async Task A_missing_input_path_exits_1_with_one_error_line()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-input-" + Guid.NewGuid().ToString("N"));

        var (code, output, error) = await RunAsync("--input", missing);

        Assert.Equal(PipelineCli.BadInput, code);
        AssertOneErrorLine(error, missing, "no file or directory");
        Assert.Equal("", output);
    }
}
