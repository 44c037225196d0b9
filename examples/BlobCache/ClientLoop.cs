using System.Diagnostics;
using ActorInterp.Actors;
using ActorInterp.Domains;

namespace BlobCache;

/// <summary>What one client domain did: its hits and misses, the time it spent returning proxies, and the reads that saw wrong bytes.</summary>
public sealed record ClientResult(string Name, ReadFigures Hits, ReadFigures Misses, TimeSpan Returning, long Corrupt)
{
    /// <summary>Every read: the hits and the misses.</summary>
    public long Reads => Hits.Count + Misses.Count;

    /// <summary>The bytes of every read.</summary>
    public long BytesRead => Hits.Bytes + Misses.Bytes;
}

/// <summary>
/// A client domain's work: ask the cache for entries, verify their bytes in place (no copy), keep the last
/// few proxies a little longer (so some evicted entries stay borrowed), and dispose them. It times each part
/// (two timestamps around each, cheap next to a read of 64 KiB or more).
/// </summary>
public static class ClientLoop
{
    public static Task<ClientResult> Start(Domain client, DomainActorRef cache, WorkloadOptions options, int index, DateTime deadline) =>
        client.CallAsync(async () =>
        {
            var rng = new Random(HashCode.Combine(options.Seed, index));
            var keys = options.KeyTable();
            var held = new Queue<Entry>();
            ReadFigures hits = ReadFigures.None, misses = ReadFigures.None;
            long returning = 0, corrupt = 0;
            try
            {
                while (DateTime.UtcNow < deadline)
                {
                    // Skewed popularity: low keys are asked for far more often than high ones.
                    var key = keys[(int)(options.Keys * Math.Pow(rng.NextDouble(), 2.5))];
                    var asked = Stopwatch.GetTimestamp();
                    var entry = await cache.Ask<Entry>(new Get(key.Name), TimeSpan.FromSeconds(30));
                    var answered = Stopwatch.GetTimestamp();
                    var span = entry.Data.ReadOnlySpan;
                    if (!key.Matches(span)) corrupt++;
                    var read = Stopwatch.GetTimestamp();
                    var figures = new ReadFigures(1, span.Length, Stopwatch.GetElapsedTime(asked, answered), Stopwatch.GetElapsedTime(answered, read));
                    if (entry.WasHit) hits = hits.Plus(figures);
                    else misses = misses.Plus(figures);
                    held.Enqueue(entry);
                    if (held.Count > options.HeldPerClient) held.Dequeue().Data.Dispose();
                    returning += Stopwatch.GetTimestamp() - read;
                }
            }
            finally
            {
                while (held.Count > 0) held.Dequeue().Data.Dispose();
            }
            return new ClientResult(client.Name, hits, misses, Stopwatch.GetElapsedTime(0, returning), corrupt);
        });
}
