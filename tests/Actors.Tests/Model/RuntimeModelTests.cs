using System.Diagnostics;
using ActorInterp.Actors.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Actors.Tests.Model;

/// <summary>
/// The whole-runtime model test (see <see cref="ModelRun"/>): many seeds, each on real domains of a fresh
/// runtime. <c>ACTORINTERP_MODEL_SEEDS=N</c> runs N seeds (300 by default), from
/// <c>ACTORINTERP_MODEL_FIRST_SEED</c> (1 by default); <c>ACTORINTERP_MODEL_SEED=S</c> replays one.
/// </summary>
public sealed class RuntimeModelTests(ITestOutputHelper output) : ActorTestKit
{
    [Fact]
    public async Task Every_item_reaches_one_receiver_or_a_forced_drop_and_every_failure_took_no_effect_across_seeds()
    {
        var (first, count) = Seeds();
        var clock = Stopwatch.StartNew();
        for (var seed = first; seed < first + count; seed++)
        {
            var broken = await new ModelRun(seed, Sys, Dilated).RunAsync();
            Assert.True(broken.Count == 0,
                $"seed {seed} broke the model (replay with ACTORINTERP_MODEL_SEED={seed}):\n  " + string.Join("\n  ", broken));
        }
        output.WriteLine($"{count} seeds from {first} in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static (int First, int Count) Seeds()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("ACTORINTERP_MODEL_SEED"), out var one)) return (one, 1);
        var first = int.TryParse(Environment.GetEnvironmentVariable("ACTORINTERP_MODEL_FIRST_SEED"), out var f) ? f : 1;
        return (first, int.TryParse(Environment.GetEnvironmentVariable("ACTORINTERP_MODEL_SEEDS"), out var n) && n > 0 ? n : 300);
    }
}
