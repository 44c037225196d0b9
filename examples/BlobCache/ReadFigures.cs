namespace BlobCache;

/// <summary>
/// Reads of one kind (the hits, or the misses) as the clients saw them: how many, their bytes, the time the
/// clients waited for the answers (the Ask round trip, including any time the cache spent making a value) and
/// the time they spent reading the bytes in place (the verification scan through the proxy).
/// </summary>
public readonly record struct ReadFigures(long Count, long Bytes, TimeSpan Waiting, TimeSpan Reading)
{
    /// <summary>No reads.</summary>
    public static ReadFigures None => default;

    /// <summary>These reads and <paramref name="other"/>'s together.</summary>
    public ReadFigures Plus(ReadFigures other) =>
        new(Count + other.Count, Bytes + other.Bytes, Waiting + other.Waiting, Reading + other.Reading);

    /// <summary>The reads of every item of <paramref name="items"/> together.</summary>
    public static ReadFigures Sum<T>(IEnumerable<T> items, Func<T, ReadFigures> of) =>
        items.Aggregate(None, (sum, item) => sum.Plus(of(item)));

    /// <summary>Reads per second over <paramref name="elapsed"/>.</summary>
    public double PerSecond(TimeSpan elapsed) => Count / Seconds(elapsed);

    /// <summary>Bytes per second over <paramref name="elapsed"/>.</summary>
    public double BytesPerSecond(TimeSpan elapsed) => Bytes / Seconds(elapsed);

    /// <summary>How fast the bytes were read in place: bytes per second of reading time (0 when nothing was read).</summary>
    public double ReadingBytesPerSecond => Reading > TimeSpan.Zero ? Bytes / Reading.TotalSeconds : 0;

    /// <summary>The mean wait for one answer (zero when there were no reads).</summary>
    public TimeSpan MeanWait => Count > 0 ? Waiting / Count : TimeSpan.Zero;

    private static double Seconds(TimeSpan elapsed) => Math.Max(0.001, elapsed.TotalSeconds);
}
