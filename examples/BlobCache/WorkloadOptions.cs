namespace BlobCache;

/// <summary>What one run does.</summary>
public sealed record WorkloadOptions(int Clients, long Budget, TimeSpan Duration, int Seed)
{
    public static WorkloadOptions Default { get; } = new(4, 48L << 20, TimeSpan.FromSeconds(3), 42);

    /// <summary>Distinct keys the clients ask for.</summary>
    public int Keys { get; init; } = 64;

    /// <summary>How many proxies a client keeps before it returns the oldest (so evicted entries stay borrowed a while).</summary>
    public int HeldPerClient { get; init; } = 3;

    public const int MinEntry = 64 << 10;
    public const int MaxEntry = 8 << 20;

    /// <summary>The name of the key at <paramref name="index"/> (0 to <see cref="Keys"/> - 1).</summary>
    public static string KeyName(int index) => $"blob-{index}";

    /// <summary>Every key with its value's size and pattern, in index order: what clients choose from and check against.</summary>
    public IReadOnlyList<WorkloadKey> KeyTable() =>
        Enumerable.Range(0, Keys).Select(i => KeyName(i)).Select(name => new WorkloadKey(name, SizeOf(name), PatternOf(name))).ToArray();

    /// <summary>The size of a key's value: log-uniform between 64 KiB and 8 MiB, fixed by the seed.</summary>
    public int SizeOf(string key)
    {
        var rng = new Random(HashCode.Combine(Seed, StableHash(key)));
        var exponent = Math.Log2(MinEntry) + rng.NextDouble() * (Math.Log2(MaxEntry) - Math.Log2(MinEntry));
        return (int)Math.Min(MaxEntry, Math.Pow(2, exponent));
    }

    /// <summary>The byte every position of a key's value holds, which readers verify.</summary>
    public static byte PatternOf(string key) => (byte)(StableHash(key) % 251 + 1);

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text) hash = unchecked(hash * 31 + c);
        return hash & int.MaxValue;
    }
}
