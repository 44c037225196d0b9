using ActorInterp.Examples.Pipeline.Engine;
using Xunit;

namespace ActorInterp.Pipeline.Tests.Support;

internal static class Runs
{
    /// <summary>Runs the pipeline collecting every count, and checks it ended sound.</summary>
    public static async Task<PipelineResult> CountAsync(PipelineOptions options, List<string>? warnings = null)
    {
        var result = await PipelineEngine.RunAsync(options with { CollectAllCounts = true }, w => { lock (warnings ?? []) warnings?.Add(w); });
        Assert.Empty(result.BrokenInvariants);
        Assert.Equal(0, result.Leaks);
        return result;
    }

    public static void AssertSameCounts(IReadOnlyDictionary<string, long> expected, IReadOnlyDictionary<string, long>? actual)
    {
        Assert.NotNull(actual);
        var missing = expected.Where(kv => actual.GetValueOrDefault(kv.Key) != kv.Value).Take(5).ToList();
        var extra = actual.Where(kv => !expected.ContainsKey(kv.Key)).Take(5).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"counts differ; expected/actual mismatches: {string.Join(", ", missing.Select(kv => $"{kv.Key}={kv.Value}/{actual.GetValueOrDefault(kv.Key)}"))}; unexpected: {string.Join(", ", extra.Select(kv => $"{kv.Key}={kv.Value}"))}");
        Assert.Equal(expected.Count, actual.Count);
    }
}
