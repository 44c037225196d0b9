using System.Net;
using System.Net.Sockets;
using ActorInterp.ClusterDemo.Tests.Support;
using ActorInterp.TestSupport;
using ClusterDemo;
using Xunit;

namespace ActorInterp.ClusterDemo.Tests.Cli;

/// <summary>ClusterDemo's command line: every bad value is one clear line and exit 1, before anything runs.</summary>
public sealed class CommandLineTests
{
    private static readonly TimeSpan RunBound = TimeSpan.FromSeconds(120);

    private static async Task<(int Code, string Out, string[] Errors)> RunAsync(params string[] args)
    {
        var run = await ConsoleRun.CaptureAsync((output, error) => ClusterDemoCli.RunAsync(args, output, error), RunBound);
        return (run.Code, run.Out, run.ErrorLines);
    }

    [Theory]
    [InlineData("--chunk-kb 0", "--chunk-kb")]                      // used to loop, growing memory
    [InlineData("--chunk-kb -5", "--chunk-kb")]                     // used to wait forever
    [InlineData("--size-mb 4097", "--size-mb")]                     // used to overflow and count 1 MiB
    [InlineData("--size-mb -1", "--size-mb")]
    [InlineData("--role reader --workers 0", "--workers")]          // used to wait forever
    [InlineData("--role reader --port 65536", "--port")]
    [InlineData("--role reader --port http", "--port")]
    [InlineData("--role worker --seed-node 127.0.0.1:4053", "--seed-node")]
    [InlineData("--role worker --seed-node akka.tcp://other@127.0.0.1:4053", "--seed-node")]
    [InlineData("--role worker", "--seed-node")]
    [InlineData("--role boss", "--role")]
    [InlineData("--akka-log LOUD", "--akka-log")]
    [InlineData("--role reader --join-timeout 0", "--join-timeout")]
    [InlineData("--workers 3", "--workers")]
    [InlineData("--self-test --measure", "--measure")]
    [InlineData("--role worker --seed-node akka.tcp://clusterdemo@127.0.0.1:4053 --size-mb 2", "--size-mb")]
    [InlineData("--no-such-option", "--no-such-option")]
    public async Task A_bad_value_is_one_line_naming_the_option_and_exit_1(string args, string named)
    {
        var (code, output, errors) = await RunAsync(args.Split(' '));
        Assert.Equal(ExitCodes.BadOptions, code);
        var line = Assert.Single(errors);
        Assert.StartsWith("error: ", line);
        Assert.Contains(named, line);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task A_missing_empty_or_directory_input_path_is_one_line_naming_it_and_exit_1()
    {
        using var files = new TempDirectory();
        var missing = Path.Combine(files.Path, "no-such-file.txt");
        var text = files.Write("text.txt", "some words"u8.ToArray());
        foreach (var (args, named) in new[]
        {
            (new[] { "--input", missing }, missing), (["--input", ""], "--input"), (["--input", files.Path], files.Path),
            (["--input", text, "--size-mb", "2"], "--size-mb"),
        })
        {
            var (code, _, errors) = await RunAsync(args);
            Assert.Equal(ExitCodes.BadOptions, code);
            Assert.Contains(named, Assert.Single(errors));
        }
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_naming_the_port_and_exit_1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (code, _, errors) = await RunAsync("--role", "reader", "--port", port, "--join-timeout", "5");
        Assert.Equal(ExitCodes.BadOptions, code);
        Assert.Contains($"--port {port}", Assert.Single(errors));
    }

    [Fact]
    public async Task The_built_app_prints_one_line_without_a_stack_trace_and_exits_1_for_a_bad_value()
    {
        foreach (var args in new[] { new[] { "--chunk-kb", "0" }, ["--role", "worker", "--seed-node", "nowhere"], ["--input", "/no/such/file.txt"] })
        {
            using var app = DemoProcess.Start("app", args);
            Assert.Equal(ExitCodes.BadOptions, await app.ExitAsync(RunBound));
            var line = Assert.Single(app.Lines);
            Assert.StartsWith("! error: ", line);
        }
    }

    [Fact]
    public async Task An_empty_input_counts_zero_words_and_exits_0()
    {
        using var files = new TempDirectory();
        var empty = files.Write("empty.txt", []);
        var (code, output, errors) = await RunAsync("--input", empty);
        Assert.True(code == ExitCodes.Ok, $"exit {code}: {string.Join("\n", errors)}");
        Assert.Contains(SingleNodeCount.ResultLine([]), output);
        Assert.Contains("result: words=0 distinct=0 ", output);
    }

    [Fact]
    public async Task A_zero_size_built_in_text_counts_zero_words_and_exits_0()
    {
        var (code, output, errors) = await RunAsync("--size-mb", "0");
        Assert.True(code == ExitCodes.Ok, $"exit {code}: {string.Join("\n", errors)}");
        Assert.Contains("result: words=0 distinct=0 ", output);
    }

    [Fact]
    public async Task The_self_test_without_text_is_one_line_and_exit_1()
    {
        var (code, _, errors) = await RunAsync("--self-test", "--size-mb", "0");
        Assert.Equal(ExitCodes.BadOptions, code);
        Assert.Contains("--self-test", Assert.Single(errors));
    }

    [Fact]
    public void Options_apply_to_the_mode_they_are_given_for()
    {
        var (options, errors) = ClusterDemoCli.Parse(["--role", "reader", "--port", "4053", "--workers", "3", "--size-mb", "0", "--chunk-kb", "1", "--akka-log", "info", "--join-timeout", "7", "--progress"]);
        Assert.Empty(errors);
        Assert.Equal(new DemoOptions { Mode = DemoMode.Reader, Port = 4053, Workers = 3, SizeMb = 0, ChunkKb = 1, JoinTimeout = TimeSpan.FromSeconds(7), Progress = true }, options);
        Assert.Equal("INFO", Node.AkkaLogLevel);
        Node.AkkaLogLevel = "OFF";
    }
}
