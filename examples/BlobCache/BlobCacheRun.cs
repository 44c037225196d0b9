using ActorInterp.Actors;
using ActorInterp.Domains;
using Akka.Actor;

namespace BlobCache;

/// <summary>The outcome of one run.</summary>
public sealed record RunSummary(
    WorkloadOptions Options,
    TimeSpan Elapsed,
    IReadOnlyList<ClientResult> Clients,
    long Hits,
    long Misses,
    long Evictions,
    long EvictedBytes,
    long PeakEvictedButBorrowed,
    long ReturnsReceived,
    long BuffersAllocated,
    long BuffersFreed,
    long ProxiesFinalized,
    long BytesCopied,
    bool RuntimeClean,
    long Corrupt)
{
    public long Reads => Clients.Sum(c => c.Reads);
    public long BytesRead => Clients.Sum(c => c.BytesRead);
    public bool Leaked => !RuntimeClean || BuffersAllocated != BuffersFreed || ProxiesFinalized != 0;
}

/// <summary>One live sample of the cache, for the display.</summary>
public sealed record CacheSample(TimeSpan Elapsed, long Entries, long OwnedBytes, long LiveBytes, long EvictedButBorrowed, double ReturnsPerSecond, long Reads);

/// <summary>Runs the workload: a cache domain, client domains asking it, then a clean shutdown and the leak check.</summary>
public static class BlobCacheRun
{
    public static async Task<RunSummary> RunAsync(WorkloadOptions options, Action<CacheSample>? onSample, CancellationToken cancellationToken = default)
    {
        await using var runtime = DomainRuntime.Create(systemName: "blobcache");
        var cacheDomain = runtime.CreateDomain("cache");
        var figures = new CacheFigures();
        var cache = cacheDomain.ActorOf(Props.Create(() => new CacheActor(options, figures)), "cache");
        var clients = Enumerable.Range(0, options.Clients).Select(i => runtime.CreateDomain($"client-{i}")).ToArray();

        var started = DateTime.UtcNow;
        var deadline = started + options.Duration;
        var work = clients.Select((c, i) => ClientLoop.Start(c, cache, options, i, deadline)).ToArray();

        long peakBorrowed = 0, lastReturns = 0;
        var lastAt = started;
        var all = Task.WhenAll(work);
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken)).ConfigureAwait(false);
            var stats = cacheDomain.Stats;
            var borrowed = Math.Max(0, stats.OwnedBytes - figures.LiveBytes);
            peakBorrowed = Math.Max(peakBorrowed, borrowed);
            var now = DateTime.UtcNow;
            var rate = (stats.ReturnsReceived - lastReturns) / Math.Max(0.001, (now - lastAt).TotalSeconds);
            (lastReturns, lastAt) = (stats.ReturnsReceived, now);
            onSample?.Invoke(new CacheSample(now - started, figures.Entries, stats.OwnedBytes, figures.LiveBytes, borrowed, rate, 0));
        }
        var results = await all.ConfigureAwait(false);
        var elapsed = DateTime.UtcNow - started;

        // The cache lets go of everything; every value is freed once the last proxy is back.
        await cache.Ask<int>(new DropAll(), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var settle = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (cacheDomain.Stats.OwnedBuffers > 0 && DateTime.UtcNow < settle)
            await cacheDomain.CallAsync(() => 0).ConfigureAwait(false);

        var final = cacheDomain.Stats;
        var finalized = clients.Sum(c => c.Stats.ProxiesFinalized);
        var report = await runtime.ShutdownAsync().ConfigureAwait(false);
        return new RunSummary(options, elapsed, results, figures.Hits, figures.Misses, figures.Evictions, figures.EvictedBytes,
            peakBorrowed, final.ReturnsReceived, final.BuffersAllocated, final.BuffersFreed, finalized,
            runtime.GetActorStats().BytesCopied, report.IsClean, results.Sum(r => r.Corrupt));
    }
}
