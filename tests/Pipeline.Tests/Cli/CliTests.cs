using System.Text.Json;
using ActorInterp.Examples.Pipeline.Cli;
using ActorInterp.Pipeline.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Pipeline.Tests.Cli;

public sealed class CliTests
{
    private static Task<ConsoleRun> RunAsync(params string[] args) =>
        ConsoleRun.CaptureAsync((output, error) => PipelineCli.RunAsync(args, output, error, interactive: false), TimeSpan.FromSeconds(120));

    public static TheoryData<string, string> BadValues => new()
    {
        { "--workers", "0" }, { "--workers", "-1" }, { "--workers", "257" }, { "--workers", "many" }, { "--workers", "NaN" },
        { "--workers", "1e3" }, { "--workers", "2.5" }, { "--workers", "99999999999" }, { "--workers", "" },
        { "--mode", "fast" }, { "--mode", "" },
        { "--top", "-1" }, { "--top", "NaN" }, { "--top", "1e3" }, { "--top", "99999999999" },
        { "--seed", "x" }, { "--seed", "NaN" }, { "--seed", "1.5" }, { "--seed", "99999999999999999999" },
        { "--size", "12parsecs" }, { "--size", "-1" }, { "--size", "NaN" }, { "--size", "Infinity" }, { "--size", "1.5MiB" },
        { "--size", "99999999999GiB" }, { "--size", "9223372036854775808" },
        { "--chunk-size", "10" }, { "--chunk-size", "0" }, { "--chunk-size", "63" }, { "--chunk-size", "-64" }, { "--chunk-size", "2GiB" },
        { "--chunk-size", "NaN" }, { "--chunk-size", "Infinity" }, { "--chunk-size", "1e3" }, { "--chunk-size", "99999999999GiB" },
        { "--in-flight", "-1" }, { "--in-flight", "65537" }, { "--in-flight", "NaN" }, { "--in-flight", "1e3" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Every_bad_option_value_gives_one_error_line_naming_the_option_and_exits_1(string option, string value)
    {
        var (code, output, err) = await RunAsync(option, value);

        Assert.Equal(PipelineCli.BadInput, code);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains(option, line);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("--no-such-option")]
    [InlineData("extra")]
    [InlineData("--workers")]
    public async Task An_unknown_or_incomplete_option_gives_one_error_line_and_exits_1(string arg)
    {
        var (code, output, err) = await RunAsync(arg);

        Assert.Equal(PipelineCli.BadInput, code);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("error: ", line);
        Assert.Contains(arg, line);
        Assert.Equal("", output);
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

    [Fact]
    public async Task Mode_plain_is_accepted_and_counts_as_the_definition_says()
    {
        var (code, output, err) = await RunAsync("--size", "1MiB", "--seed", "3", "--workers", "2", "--mode", "plain", "--json");

        Assert.True(code == PipelineCli.Ok, $"exit {code}: {err}");
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var expected = Reference.CountWords([Texts.Corpus(3, 1 << 20)]);
        Assert.Equal("plain", root.GetProperty("mode").GetString());
        Assert.Equal(expected.Values.Sum(), root.GetProperty("words").GetInt64());
        Assert.Equal(expected.Count, root.GetProperty("unique_words").GetInt64());
        Assert.Equal(0, root.GetProperty("chunks_shared").GetInt64());
    }
}
