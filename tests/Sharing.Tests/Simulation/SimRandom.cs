namespace ActorInterp.Sharing.Tests.Simulation;

/// <summary>
/// SplitMix64: the simulation's only source of choices. System.Random's seeded sequence is not promised
/// across runtime versions, and a run must stay a pure function of its seed.
/// </summary>
internal sealed class SimRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A value in [0, <paramref name="n"/>); the modulo bias is irrelevant here.</summary>
    public int Next(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        return (int)(NextUInt64() % (ulong)n);
    }

    public int Next(int low, int highExclusive) => low + Next(highExclusive - low);

    public bool Chance(int percent) => Next(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
