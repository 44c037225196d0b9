using System.Globalization;
using ActorInterp.ClusterDemo.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.ClusterDemo.Tests.Faults;

/// <summary>
/// kill -9 of the reader or a worker at seeded random moments, one process per round. Rounds and seed come from
/// ACTORINTERP_CLUSTERDEMO_KILL_ROUNDS (default 10) and ACTORINTERP_CLUSTERDEMO_KILL_SEED (default: new each run,
/// printed so that a failing run can be replayed).
/// </summary>
public sealed class KillRoundsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_any_one_process_at_a_random_moment_leaves_every_survivor_ending_in_bound_with_the_right_result_or_exit_3()
    {
        var rounds = Environment.GetEnvironmentVariable("ACTORINTERP_CLUSTERDEMO_KILL_ROUNDS") is { Length: > 0 } r ? int.Parse(r, CultureInfo.InvariantCulture) : 10;
        var seed = Environment.GetEnvironmentVariable("ACTORINTERP_CLUSTERDEMO_KILL_SEED") is { Length: > 0 } s ? int.Parse(s, CultureInfo.InvariantCulture) : Random.Shared.Next();
        var header = $"seed {seed}, {rounds} rounds (replay: ACTORINTERP_CLUSTERDEMO_KILL_SEED={seed} ACTORINTERP_CLUSTERDEMO_KILL_ROUNDS={rounds})";
        output.WriteLine(header);
        var random = new Random(seed);
        var ends = new List<(KillPlan Plan, SurvivorEnd End)>();
        for (var round = 0; round < rounds; round++)
        {
            var plan = KillPlan.Draw(random, round, chunks: (DemoCluster.SizeMb << 10) / DemoCluster.ChunkKb);
            try
            {
                foreach (var end in (await KillRound.RunAsync(plan, line => output.WriteLine($"round {round + 1}: {line}"))).Ends) ends.Add((plan, end));
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"{header}: round {round + 1} failed: {ex.Message}");
            }
        }
        foreach (var group in ends.GroupBy(e => (e.Plan.Victim == Victim.Reader ? "reader killed" : "worker killed", e.End.Name.StartsWith("worker", StringComparison.Ordinal) ? "worker" : "reader")))
        {
            var times = group.Select(e => e.End.AfterKill.TotalSeconds).Order().ToArray();
            output.WriteLine($"{group.Key.Item1}, surviving {group.Key.Item2}s: kill to exit median {times[times.Length / 2]:F1} s, max {times[^1]:F1} s over {times.Length}");
        }
    }
}
