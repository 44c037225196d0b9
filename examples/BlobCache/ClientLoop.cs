using ActorInterp.Actors;
using ActorInterp.Domains;

namespace BlobCache;

/// <summary>What one client domain did.</summary>
public sealed record ClientResult(string Name, long Reads, long BytesRead, long Hits, long Corrupt);

/// <summary>
/// A client domain's work: ask the cache for entries, verify their bytes in place (no copy), keep the last
/// few proxies a little longer (so some evicted entries stay borrowed), and dispose them.
/// </summary>
public static class ClientLoop
{
    public static Task<ClientResult> Start(Domain client, DomainActorRef cache, WorkloadOptions options, int index, DateTime deadline) =>
        client.CallAsync(async () =>
        {
            var rng = new Random(HashCode.Combine(options.Seed, index));
            var held = new Queue<Entry>();
            long reads = 0, bytes = 0, hits = 0, corrupt = 0;
            try
            {
                while (DateTime.UtcNow < deadline)
                {
                    // Skewed popularity: low keys are asked for far more often than high ones.
                    var key = $"blob-{(int)(options.Keys * Math.Pow(rng.NextDouble(), 2.5))}";
                    var entry = await cache.Ask<Entry>(new Get(key), TimeSpan.FromSeconds(30));
                    var span = entry.Data.ReadOnlySpan;
                    if (span.Length != options.SizeOf(key) || span.IndexOfAnyExcept(WorkloadOptions.PatternOf(key)) >= 0) corrupt++;
                    reads++;
                    bytes += span.Length;
                    if (entry.WasHit) hits++;
                    held.Enqueue(entry);
                    if (held.Count > options.HeldPerClient) held.Dequeue().Data.Dispose();
                }
            }
            finally
            {
                while (held.Count > 0) held.Dequeue().Data.Dispose();
            }
            return new ClientResult(client.Name, reads, bytes, hits, corrupt);
        });
}
