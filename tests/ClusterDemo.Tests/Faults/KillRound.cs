using System.Diagnostics;
using ActorInterp.ClusterDemo.Tests.Support;
using Xunit;

namespace ActorInterp.ClusterDemo.Tests.Faults;

/// <summary>How one surviving process ended after the kill.</summary>
internal sealed record SurvivorEnd(string Name, int? ExitCode, TimeSpan AfterKill, bool OutputCut = false)
{
    public override string ToString() => (ExitCode is { } code ? $"{Name} exit {code} {AfterKill.TotalSeconds:F1} s after the kill" : $"{Name} still running {AfterKill.TotalSeconds:F0} s after the kill")
        + (OutputCut ? " (its output had not ended after it exited)" : "");
}

/// <summary>How a round ended: each survivor's end, and all that the reader printed.</summary>
internal sealed record RoundOutcome(SurvivorEnd[] Ends, string[] ReaderLines);

/// <summary>
/// One round of the fault tests: a reader and two workers as processes, one of them killed with SIGKILL at
/// the planned moment, then every survivor watched until it exits. The checks are README's promises.
/// </summary>
internal static class KillRound
{
    /// <summary>README: after a kill, every survivor exits within this (ClusterDemo's bounds, with room for a loaded machine).</summary>
    public static readonly TimeSpan SurvivorBound = TimeSpan.FromSeconds(60);

    /// <summary>How long a planned moment may take to come on a loaded machine.</summary>
    private static readonly TimeSpan MomentBound = TimeSpan.FromSeconds(120);

    /// <summary>Runs the round; throws (with every process's output) when a promise is broken.</summary>
    public static async Task<RoundOutcome> RunAsync(KillPlan plan, Action<string> log)
    {
        using var cluster = await DemoCluster.StartAsync();
        var victim = Pick(cluster, plan.Victim);
        var moment = MomentAsync(cluster, victim, plan);
        if (await Task.WhenAny(moment, cluster.Reader.ExitAsync(MomentBound)) != moment || !moment.IsCompleted)
            Assert.Fail($"{plan}: the moment did not come within {MomentBound.TotalSeconds:F0} s\n{cluster.Output}");
        var readerLinesAtKill = cluster.Reader.Lines;
        var killedAt = victim.Kill();
        var survivors = cluster.All.Where(p => p != victim).ToArray();
        // A survivor that had not joined when the kill came may first wait out its join timeout.
        var bound = SurvivorBound + (plan.Moment == Moment.AtStart ? TimeSpan.FromSeconds(DemoCluster.JoinTimeoutSeconds) : TimeSpan.Zero);
        var ends = new List<SurvivorEnd>();
        foreach (var p in survivors)
        {
            var code = await p.ExitAsync(bound - Stopwatch.GetElapsedTime(killedAt));
            ends.Add(new SurvivorEnd(p.Name, code, code is null ? Stopwatch.GetElapsedTime(killedAt) : Stopwatch.GetElapsedTime(killedAt, p.ExitedAt!.Value), p.OutputCut));
        }
        log($"{plan}: {string.Join("; ", ends)}");
        Check(plan, cluster, ends, readerLinesAtKill);
        return new RoundOutcome([.. ends], cluster.Reader.Lines);
    }

    private static void Check(KillPlan plan, DemoCluster cluster, List<SurvivorEnd> ends, string[] readerLinesAtKill)
    {
        void Require(bool condition, string what)
        {
            if (!condition) Assert.Fail($"{plan}: {what}\n{string.Join("\n", ends)}\n{cluster.Output}");
        }
        DemoProcess Process(SurvivorEnd end) => cluster.All.Single(x => x.Name == end.Name);
        bool Says(SurvivorEnd end, Func<string, bool> line) => Process(end).Lines.Any(line);
        bool ErrorLine(string l) => l.StartsWith("! error: ", StringComparison.Ordinal);

        foreach (var end in ends)
        {
            Require(end.ExitCode is not null, $"{end.Name} did not exit within the bound (it hangs: {Process(end).Condition()})");
            Require(end.ExitCode is 0 or 3, $"{end.Name} exited {end.ExitCode}: only 0 (finished) or 3 (could not finish) are expected after a kill");
            Require(end.ExitCode == 0 || Says(end, ErrorLine), $"{end.Name} exited {end.ExitCode} without an error line");
            if (end.Name != "reader" && end.ExitCode == 0)
                Require(Says(end, l => l.EndsWith("the reader finished the run", StringComparison.Ordinal)), $"{end.Name} exited 0 without the reader having finished the run");
        }
        var reader = ends.SingleOrDefault(e => e.Name == "reader");
        if (reader?.ExitCode == 0)
            Require(cluster.Reader.Lines.Contains(SingleNodeCount.BuiltInResultLine), $"the reader exited 0 without the single-node result '{SingleNodeCount.BuiltInResultLine}'");

        // The reader's output is read a little behind: what it had printed when killed is all of it, once it is dead;
        // a moment in the run (a reader's line) had passed for sure.
        if (plan.Victim != Victim.Reader && (plan.Moment != Moment.AtStart || readerLinesAtKill.Contains("run started")))
        {
            // The reader gives the dead worker's chunks to the other one, and nobody healthy is downed.
            foreach (var end in ends) Require(end.ExitCode == 0, $"{end.Name} exited {end.ExitCode}; with a worker killed after the run started, the reader and the other worker finish");
        }
        if (plan.Victim == Victim.Reader && !cluster.Reader.Lines.Any(l => l.StartsWith("result: ", StringComparison.Ordinal)))
        {
            foreach (var end in ends)
            {
                Require(end.ExitCode == 3 && Says(end, l => ErrorLine(l) && (l.Contains("reader") || l.Contains("join"))),
                    $"{end.Name} exited {end.ExitCode}; with the reader killed before its result, a worker exits 3 saying the reader was lost");
            }
        }
    }

    private static Task MomentAsync(DemoCluster cluster, DemoProcess victim, KillPlan plan) => plan.Moment switch
    {
        Moment.AtStart => victim.LineAsync(_ => true),
        Moment.MidRun when plan.AfterChunks == 0 => cluster.Reader.LineAsync(l => l == "run started"),
        Moment.MidRun => cluster.Reader.LineAsync(l => l.StartsWith($"progress {plan.AfterChunks}/", StringComparison.Ordinal)),
        _ => cluster.Reader.LineAsync(l => l.StartsWith("result: ", StringComparison.Ordinal)),
    };

    private static DemoProcess Pick(DemoCluster cluster, Victim victim) => victim switch
    {
        Victim.Reader => cluster.Reader,
        Victim.Worker1 => cluster.Worker1,
        _ => cluster.Worker2,
    };
}
