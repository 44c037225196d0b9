namespace BlobCache;

/// <summary>The cache actor's figures: written on the cache domain's thread, read by the display.</summary>
public sealed class CacheFigures
{
    private long _entries, _liveBytes, _hits, _misses, _evictions, _evictedBytes;

    public long Entries => Volatile.Read(ref _entries);
    public long LiveBytes => Volatile.Read(ref _liveBytes);
    public long Hits => Volatile.Read(ref _hits);
    public long Misses => Volatile.Read(ref _misses);
    public long Evictions => Volatile.Read(ref _evictions);
    public long EvictedBytes => Volatile.Read(ref _evictedBytes);

    internal void Added(long bytes)
    {
        Interlocked.Increment(ref _entries);
        Interlocked.Add(ref _liveBytes, bytes);
        Interlocked.Increment(ref _misses);
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
