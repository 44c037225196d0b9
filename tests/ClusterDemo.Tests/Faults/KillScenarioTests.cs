using System.Diagnostics;
using ActorInterp.ClusterDemo.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.ClusterDemo.Tests.Faults;

/// <summary>
/// The kills and freezes that used to hang a survivor or down a healthy node, one test each: real processes,
/// SIGKILL (as kill -9) and SIGSTOP/SIGCONT (a process frozen long enough to be downed).
/// </summary>
public sealed class KillScenarioTests(ITestOutputHelper output)
{
    private static readonly TimeSpan MomentBound = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_worker_killed_mid_run_leaves_the_reader_with_the_right_result_and_the_other_worker_exiting_0()
    {
        var outcome = await KillRound.RunAsync(new KillPlan(Victim.Worker2, Moment.MidRun, AfterChunks: 16), output.WriteLine);
        Assert.Contains(outcome.ReaderLines, l => l.StartsWith("worker lost: ", StringComparison.Ordinal)); // its chunks went to worker 1
    }

    [Fact]
    public Task A_worker_killed_after_the_result_gets_no_healthy_node_downed() =>
        KillRound.RunAsync(new KillPlan(Victim.Worker1, Moment.AfterTheResult), output.WriteLine);

    [Fact]
    public Task The_reader_killed_mid_run_ends_both_workers_with_exit_3_within_the_bound() =>
        KillRound.RunAsync(new KillPlan(Victim.Reader, Moment.MidRun, AfterChunks: 16), output.WriteLine);

    [Fact]
    public async Task The_last_worker_exits_3_within_the_bound_after_a_worker_and_then_the_reader_are_killed()
    {
        using var cluster = await DemoCluster.StartAsync();
        await ReaderLineAsync(cluster, "progress 16/");
        cluster.Worker2.Kill();
        // The reader cannot finish before it finds worker 2 lost (worker 2 held chunks): it is killed before its result.
        await ReaderLineAsync(cluster, "progress 32/");
        var killedAt = cluster.Reader.Kill();
        await cluster.Reader.ExitAsync(KillRound.SurvivorBound);
        Assert.DoesNotContain(cluster.Reader.Lines, l => l.StartsWith("result: ", StringComparison.Ordinal));
        await ExpectExitAsync(cluster, cluster.Worker1, killedAt, 3, "reader");
    }

    [Fact]
    public async Task The_reader_exits_3_within_the_bound_when_both_workers_are_killed()
    {
        using var cluster = await DemoCluster.StartAsync();
        // As the run starts: the reader cannot finish without them.
        await ReaderLineAsync(cluster, "run started");
        cluster.Worker1.Kill();
        var killedAt = cluster.Worker2.Kill();
        await ExpectExitAsync(cluster, cluster.Reader, killedAt, 3, "");
    }

    [Fact]
    public async Task A_reader_whose_node_was_downed_exits_3_not_0()
    {
        using var cluster = await DemoCluster.StartAsync();
        // As the run starts: frozen, the reader cannot have finished.
        await ReaderLineAsync(cluster, "run started");
        Signals.Stop(cluster.Reader.Pid);
        var frozenAt = Stopwatch.GetTimestamp();
        // Frozen, the reader is unreachable: the workers down it, find it lost, and end.
        await ExpectExitAsync(cluster, cluster.Worker1, frozenAt, 3, "reader");
        await ExpectExitAsync(cluster, cluster.Worker2, frozenAt, 3, "reader");
        Signals.Continue(cluster.Reader.Pid);
        // Resumed, it finds itself downed (whether or not it got to print a result meanwhile).
        await ExpectExitAsync(cluster, cluster.Reader, Stopwatch.GetTimestamp(), 3, "downed");
    }

    [Fact]
    public async Task A_worker_whose_node_was_downed_exits_3_and_the_run_still_counts_right()
    {
        using var cluster = await DemoCluster.StartAsync();
        // As the run starts: the reader lends the frozen worker chunks it cannot count, and has to take them back.
        await ReaderLineAsync(cluster, "run started");
        Signals.Stop(cluster.Worker2.Pid);
        var frozenAt = Stopwatch.GetTimestamp();
        // The reader gives the frozen worker's chunks to the other one; the cluster downs the frozen worker.
        await ExpectExitAsync(cluster, cluster.Reader, frozenAt, 0, null);
        Assert.Contains(SingleNodeCount.BuiltInResultLine, cluster.Reader.Lines);
        Assert.Contains(cluster.Reader.Lines, l => l.StartsWith("worker lost: ", StringComparison.Ordinal));
        await ExpectExitAsync(cluster, cluster.Worker1, frozenAt, 0, null);
        Signals.Continue(cluster.Worker2.Pid);
        // Resumed, it finds itself downed, its reader gone, or (if it was frozen before it heard it was Up) not joined.
        await ExpectExitAsync(cluster, cluster.Worker2, Stopwatch.GetTimestamp(), 3, "");
    }

    private static async Task ReaderLineAsync(DemoCluster cluster, string prefix)
    {
        var line = cluster.Reader.LineAsync(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (await Task.WhenAny(line, cluster.Reader.ExitAsync(MomentBound)) != line)
            Assert.Fail($"the reader did not print '{prefix}...' within {MomentBound.TotalSeconds:F0} s\n{cluster.Output}");
    }

    /// <summary>Waits for <paramref name="process"/> to exit within README's bound from <paramref name="since"/>, with <paramref name="code"/> and, when not 0, an error line containing <paramref name="saying"/>.</summary>
    private async Task ExpectExitAsync(DemoCluster cluster, DemoProcess process, long since, int code, string? saying)
    {
        var exit = await process.ExitAsync(KillRound.SurvivorBound - Stopwatch.GetElapsedTime(since));
        var after = Stopwatch.GetElapsedTime(since, process.ExitedAt ?? Stopwatch.GetTimestamp());
        output.WriteLine($"{process.Name}: exit {exit?.ToString() ?? "none (still running)"} {after.TotalSeconds:F1} s after the fault; {string.Join(" ", process.Lines.Where(l => l.StartsWith("! ", StringComparison.Ordinal)))}");
        Assert.True(exit is not null, $"{process.Name} still runs {after.TotalSeconds:F0} s after the fault (bound {KillRound.SurvivorBound.TotalSeconds:F0} s)\n{cluster.Output}");
        Assert.True(exit == code, $"{process.Name} exited {exit}, expected {code}\n{cluster.Output}");
        if (saying is not null)
        {
            Assert.True(process.Lines.Any(l => l.StartsWith("! error: ", StringComparison.Ordinal) && l.Contains(saying, StringComparison.Ordinal)),
                $"{process.Name} has no error line saying '{saying}'\n{cluster.Output}");
        }
    }
}
