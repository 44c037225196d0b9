using System.Text.Json;
using ActorInterp.Benchmarks.Core;

namespace ActorInterp.Benchmarks.Quick;

/// <summary>
/// The quick mode's figures, written as one JSON object with sorted keys. A figure measured in rounds is its median
/// with <c>_min</c> and <c>_max</c> beside it; a ratio of two contenders is the median of the per-round ratios (the
/// two ran in the same round), so drift on a loaded machine between rounds does not enter it.
/// </summary>
public sealed class QuickFigures
{
    private readonly SortedDictionary<string, object?> _figures = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _skipped = new(StringComparer.Ordinal);

    /// <summary>Sets one plain figure (a count, a name, a nested table).</summary>
    public void Set(string name, object? value) => _figures[name] = value;

    /// <summary>Reads back a figure set before.</summary>
    public double Get(string name) => (double)_figures[name]!;

    /// <summary>Sets <paramref name="name"/> to the median of <paramref name="samples"/>, with <c>_min</c> and <c>_max</c>.</summary>
    public double Spread(string name, IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0) throw new ArgumentException($"The figure '{name}' has no samples.", nameof(samples));
        var median = Medians.Of(samples);
        _figures[name] = median;
        _figures[name + "_min"] = samples.Min();
        _figures[name + "_max"] = samples.Max();
        return median;
    }

    /// <summary>
    /// Sets <paramref name="name"/> to the median of the per-round ratios <c>numerator[i] / denominator[i]</c>, with
    /// <c>_min</c> and <c>_max</c>; both lists hold one sample per round, in round order.
    /// </summary>
    public double Ratio(string name, IReadOnlyList<double> numerator, IReadOnlyList<double> denominator)
    {
        if (numerator.Count != denominator.Count) throw new ArgumentException($"The ratio '{name}' needs one sample of each side per round ({numerator.Count} and {denominator.Count}).");
        return Spread(name, numerator.Zip(denominator, (a, b) => a / b).ToList());
    }

    /// <summary>Records why <paramref name="name"/> could not be measured; the figure itself is null.</summary>
    public void Skip(string name, string why)
    {
        _figures[name] = null;
        _skipped[name] = why;
    }

    /// <summary>The figures as indented JSON, <c>skipped</c> included.</summary>
    public string ToJson()
    {
        _figures["skipped"] = _skipped;
        return JsonSerializer.Serialize(_figures, new JsonSerializerOptions { WriteIndented = true });
    }
}
