using System.Diagnostics;

namespace ActorInterp.Benchmarks.Core;

/// <summary>Stopwatch medians for the quick mode.</summary>
public static class Medians
{
    public static double Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Median microseconds per operation of <paramref name="rounds"/> rounds of <paramref name="perRound"/> operations.</summary>
    public static double MicrosPerOp(int rounds, int perRound, Action<int> round)
    {
        var samples = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var start = Stopwatch.GetTimestamp();
            round(perRound);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds / perRound);
        }
        return Of(samples);
    }

    public static async Task<double> MicrosPerOpAsync(int rounds, Func<Task<double>> round)
    {
        var samples = new List<double>();
        for (var r = 0; r < rounds; r++) samples.Add(await round());
        return Of(samples);
    }
}
