namespace BlobCache;

/// <summary>
/// One key of the workload with what a reader checks against: its value's size and the byte every position
/// holds. Built once per client (<see cref="WorkloadOptions.KeyTable"/>), so a read costs no string and no
/// seeded <see cref="Random"/>: only the Ask, the scan and the return.
/// </summary>
public sealed record WorkloadKey(string Name, int Size, byte Pattern)
{
    /// <summary>
    /// True when <paramref name="value"/> is this key's value: <see cref="Size"/> bytes, every one <see cref="Pattern"/>.
    /// A vectorised scan (IndexOfAnyExcept compares 32 or 64 bytes at a time), so it runs at memory speed.
    /// </summary>
    public bool Matches(ReadOnlySpan<byte> value) => value.Length == Size && value.IndexOfAnyExcept(Pattern) < 0;
}
