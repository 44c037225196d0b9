namespace ActorInterp.Benchmarks.Quick;

/// <summary>
/// Runs contenders in alternating rounds: each contender once per round, the order reversed every other round,
/// so that a machine slowing down or speeding up across the run favours none of them.
/// </summary>
public static class Alternation
{
    /// <summary>Runs <paramref name="rounds"/> rounds; the samples of each contender in round order, indexed as the contenders.</summary>
    public static async Task<List<double>[]> RoundsAsync(int rounds, params Func<Task<double>>[] contenders)
    {
        var samples = contenders.Select(_ => new List<double>(rounds)).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < contenders.Length; k++)
            {
                var i = round % 2 == 0 ? k : contenders.Length - 1 - k;
                samples[i].Add(await contenders[i]());
            }
        }
        return samples;
    }

    /// <summary>A synchronous contender as an asynchronous one.</summary>
    public static Func<Task<double>> Sync(Func<double> contender) => () => Task.FromResult(contender());
}
