using ActorInterp.ClusterDemo.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.ClusterDemo.Tests.Runs;

/// <summary>A reader and two workers as processes, without faults.</summary>
public sealed class ProcessRunTests
{
    private static readonly TimeSpan RunBound = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Three_processes_count_what_one_node_counts_and_all_exit_0()
    {
        using var cluster = await DemoCluster.StartAsync();
        await ExpectAllExit0Async(cluster);
        Assert.Contains(SingleNodeCount.BuiltInResultLine, cluster.Reader.Lines);
        Assert.All(new[] { cluster.Worker1, cluster.Worker2 }, w => Assert.Contains(w.Lines, l => l.EndsWith("the reader finished the run", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_empty_input_across_processes_counts_zero_words_and_all_exit_0()
    {
        using var files = new TempDirectory();
        using var cluster = await DemoCluster.StartAsync("--input", files.Write("empty.txt", []));
        await ExpectAllExit0Async(cluster);
        Assert.Contains(SingleNodeCount.ResultLine([]), cluster.Reader.Lines);
    }

    private static async Task ExpectAllExit0Async(DemoCluster cluster)
    {
        foreach (var p in cluster.All)
        {
            var code = await p.ExitAsync(RunBound);
            Assert.True(code == 0, $"{p.Name} exited {code?.ToString() ?? "not at all"}\n{cluster.Output}");
        }
    }
}
