using System.Diagnostics;

namespace BlobCache;

/// <summary>The cache actor's figures: written on the cache domain's thread, read by the display.</summary>
public sealed class CacheFigures
{
    private long _entries, _liveBytes, _hits, _misses, _evictions, _evictedBytes, _madeBytes, _makingTicks;

    public long Entries => Volatile.Read(ref _entries);
    public long LiveBytes => Volatile.Read(ref _liveBytes);
    public long Hits => Volatile.Read(ref _hits);
    public long Misses => Volatile.Read(ref _misses);
    public long Evictions => Volatile.Read(ref _evictions);
    public long EvictedBytes => Volatile.Read(ref _evictedBytes);

    /// <summary>The bytes of the values made on misses.</summary>
    public long MadeBytes => Volatile.Read(ref _madeBytes);

    /// <summary>The cache's time making values on misses (renting the memory and writing it), on its own thread.</summary>
    public TimeSpan Making => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _makingTicks));

    /// <summary>A miss: a value of <paramref name="bytes"/> made in <paramref name="makingTicks"/> (Stopwatch ticks) and added.</summary>
    internal void Added(long bytes, long makingTicks)
    {
        Interlocked.Increment(ref _entries);
        Interlocked.Add(ref _liveBytes, bytes);
        Interlocked.Increment(ref _misses);
        Interlocked.Add(ref _madeBytes, bytes);
        Interlocked.Add(ref _makingTicks, makingTicks);
    }

    internal void Hit() => Interlocked.Increment(ref _hits);

    internal void Removed(long bytes, bool evicted)
    {
        Interlocked.Decrement(ref _entries);
        Interlocked.Add(ref _liveBytes, -bytes);
        if (!evicted) return;
        Interlocked.Increment(ref _evictions);
        Interlocked.Add(ref _evictedBytes, bytes);
    }
}
