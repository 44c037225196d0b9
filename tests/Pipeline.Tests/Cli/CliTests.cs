using System.Text.Json;
using ActorInterp.Examples.Pipeline.Cli;
using ActorInterp.Pipeline.Tests.Support;
using Xunit;

namespace ActorInterp.Pipeline.Tests.Cli;

public sealed class CliTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await PipelineCli.RunAsync(args, output, error, interactive: false);
        return (code, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("--workers 0", "--workers")]
    [InlineData("--workers many", "--workers")]
    [InlineData("--mode fast", "--mode")]
    [InlineData("--size 12parsecs", "--size")]
    [InlineData("--chunk-size 10", "--chunk-size")]
    [InlineData("--top -1", "--top")]
    [InlineData("--no-such-option", "--no-such-option")]
    public async Task A_bad_option_exits_with_1_and_names_the_option(string args, string named)
    {
        var (code, _, err) = await RunAsync(args.Split(' '));
        Assert.Equal(PipelineCli.BadInput, code);
        Assert.Contains(named, err);
    }

    [Fact]
    public async Task A_missing_input_path_exits_with_1_and_names_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-input-" + Guid.NewGuid().ToString("N"));
        var (code, _, err) = await RunAsync("--input", missing);
        Assert.Equal(PipelineCli.BadInput, code);
        Assert.Contains(missing, err);
        Assert.Contains("--input", err);
    }

    [Fact]
    public async Task The_built_in_workload_runs_clean_and_its_json_matches_the_definition()
    {
        const long size = 8 << 20;
        var (code, output, err) = await RunAsync("--size", "8MiB", "--seed", "5", "--workers", "2", "--top", "7", "--json");

        Assert.True(code == PipelineCli.Ok, $"exit {code}: {err}");
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var expected = Reference.CountWords([Texts.Corpus(5, size)]);
        Assert.Equal(size, root.GetProperty("bytes").GetInt64());
        Assert.Equal(expected.Values.Sum(), root.GetProperty("words").GetInt64());
        Assert.Equal(expected.Count, root.GetProperty("unique_words").GetInt64());
        Assert.Equal(0, root.GetProperty("leaks").GetInt64());
        Assert.Equal(0, root.GetProperty("broken_invariants").GetArrayLength());
        Assert.Equal("share", root.GetProperty("mode").GetString());
        Assert.Equal(root.GetProperty("chunks").GetInt64(), root.GetProperty("chunks_shared").GetInt64());
        Assert.Equal(0, root.GetProperty("copies_made").GetInt64());
        var top = root.GetProperty("top").EnumerateArray().Select(e => (e.GetProperty("word").GetString()!, e.GetProperty("count").GetInt64())).ToList();
        var expectedTop = expected.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(7).Select(kv => (kv.Key, kv.Value)).ToList();
        Assert.Equal(expectedTop, top);
    }

    [Fact]
    public async Task Without_json_it_prints_the_summary_table()
    {
        var (code, output, err) = await RunAsync("--size", "256KiB", "--workers", "1", "--mode", "transfer");
        Assert.True(code == PipelineCli.Ok, $"exit {code}: {err}");
        foreach (var figure in new[] { "bytes", "lines", "unique words", "MB/s", "chunks shared", "copies made", "returns coalesced", "leaks" })
            Assert.Contains(figure, output);
    }
}
