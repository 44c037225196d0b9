using System.Text;
using System.Text.Json;
using ActorInterp.Examples.Pipeline.Cli;
using ActorInterp.Pipeline.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Pipeline.Tests.Cli;

public sealed class StandardInputTests
{
    private static Task<ConsoleRun> RunAsync(Stream? input, params string[] args) =>
        ConsoleRun.CaptureAsync((output, error) => PipelineCli.RunAsync(args, output, error, interactive: false, input), TimeSpan.FromSeconds(120));

    // The figures that depend only on the text read, not on how or from where it was read.
    private static string Counts(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var top = string.Join(",", root.GetProperty("top").EnumerateArray().Select(e => $"{e.GetProperty("word").GetString()}={e.GetProperty("count").GetInt64()}"));
        return $"bytes {root.GetProperty("bytes")}, lines {root.GetProperty("lines")}, words {root.GetProperty("words")}, " +
            $"unique {root.GetProperty("unique_words")}, files {root.GetProperty("files_read")}, top {top}";
    }

    private static byte[] Text()
    {
        var corpus = Texts.Corpus(seed: 6, size: 300_000);
        // Latin-1 and no newline at the end, so that the end of the stream ends the last line and word.
        return [.. corpus, .. Texts.Jumble(seed: 3, length: 20_000), .. Encoding.Latin1.GetBytes("fin de l'été")];
    }

    [Fact]
    public async Task Input_dash_counts_standard_input_exactly_as_the_same_file()
    {
        using var dir = new TempDirectory();
        var bytes = Text();
        var file = dir.Write("text.txt", bytes);
        string[] common = ["--workers", "2", "--chunk-size", "4KiB", "--top", "25", "--json"];

        var fromFile = await RunAsync(null, ["--input", file, .. common]);
        var fromStdin = await RunAsync(new MemoryStream(bytes), ["--input", "-", .. common]);

        Assert.True(fromFile.Code == PipelineCli.Ok, fromFile.Err);
        Assert.True(fromStdin.Code == PipelineCli.Ok, fromStdin.Err);
        Assert.Equal("", fromStdin.Err);
        Assert.Equal(Counts(fromFile.Out), Counts(fromStdin.Out));
        using var json = JsonDocument.Parse(fromStdin.Out);
        Assert.Equal("-", json.RootElement.GetProperty("input").GetString());
        Assert.Equal(Reference.CountWords([bytes]).Values.Sum(), json.RootElement.GetProperty("words").GetInt64());
    }

    [Fact]
    public async Task The_app_reads_a_pipe_on_its_standard_input_with_input_dash()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("text.txt", Text());
        string[] common = ["--workers", "2", "--top", "25", "--json"];

        var fromFile = await AppProcess.RunPipelineAsync(["--input", file, .. common], TimeSpan.FromMinutes(2));
        var fromPipe = await AppProcess.RunPipelineAsync(["--input", "-", .. common], TimeSpan.FromMinutes(2), standardInputFile: file);

        Assert.True(fromFile.Code == PipelineCli.Ok, fromFile.Err);
        Assert.True(fromPipe.Code == PipelineCli.Ok, fromPipe.Err);
        Assert.Equal(Counts(fromFile.Out), Counts(fromPipe.Out));
    }

    [Fact]
    public async Task Empty_standard_input_counts_zero_words_and_succeeds_as_wc_does()
    {
        var (code, output, error) = await RunAsync(new MemoryStream(), "--input", "-", "--workers", "1", "--json");

        Assert.True(code == PipelineCli.Ok, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(0, json.RootElement.GetProperty("words").GetInt64());
        Assert.Equal(1, json.RootElement.GetProperty("files_read").GetInt64());
    }

    [Fact]
    public void Progress_of_an_input_of_unknown_length_shows_bytes_without_a_percentage()
    {
        Assert.Equal("12 MiB", ProgressView.ReadFigure(12L << 20, null));
        Assert.Equal("64 MiB of 256 MiB (25%)", ProgressView.ReadFigure(64L << 20, 256L << 20));
    }
}
