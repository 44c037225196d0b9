using Xunit;

namespace ActorInterp.Cluster.Tests.Simulation;

public sealed class NodeLayerSimulationTests
{
    private static (int Start, int Count) Seeds(int defaultCount)
    {
        static int Read(string name, int fallback) =>
            int.TryParse(Environment.GetEnvironmentVariable(name), out var v) ? v : fallback;
        return (Read("ACTORINTERP_CLUSTER_SIM_SEED", 0), Read("ACTORINTERP_CLUSTER_SIM_SEEDS", defaultCount));
    }

    [Fact]
    public void Node_level_counting_never_frees_early_and_never_leaks_under_any_schedule()
    {
        var (start, count) = Seeds(3000);
        for (var seed = start; seed < start + count; seed++)
        {
            var sim = new NodeLayerSimulation(seed);
            try
            {
                sim.Run(steps: 120);
            }
            catch (InvalidOperationException ex)
            {
                Assert.Fail($"seed {seed}: {ex.Message}");
            }
        }
    }

    [Fact]
    public void Ending_a_lease_on_a_release_that_a_delivery_crossed_is_caught()
    {
        // The rule the exchange keeps (end the lease only when the release names every delivery sent) is
        // needed: without it, a delivery crossing the release finds the copy gone.
        var failed = Enumerable.Range(0, 2000).FirstOrDefault(seed =>
        {
            try
            {
                new NodeLayerSimulation(seed, naiveRelease: true).Run(steps: 120);
                return false;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }, -1);
        Assert.NotEqual(-1, failed);
    }
}
