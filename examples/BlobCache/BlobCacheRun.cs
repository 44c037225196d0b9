using ActorInterp.Actors;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;

namespace BlobCache;

/// <summary>
/// The outcome of one run. <see cref="Hits"/> and <see cref="Misses"/> are the cache's counts of the answers
/// it gave; <see cref="HitReads"/> and <see cref="MissReads"/> are the clients' figures of the same answers.
/// </summary>
public sealed record RunSummary(
    WorkloadOptions Options,
    TimeSpan Elapsed,
    IReadOnlyList<ClientResult> Clients,
    long Hits,
    long Misses,
    long MadeBytes,
    TimeSpan Making,
    TimeSpan ProcessorTime,
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

    /// <summary>The clients' hits: entries the cache held, lent without a copy and read in place.</summary>
    public ReadFigures HitReads => ReadFigures.Sum(Clients, c => c.Hits);

    /// <summary>The clients' misses: entries the cache made (rented and wrote) before lending them.</summary>
    public ReadFigures MissReads => ReadFigures.Sum(Clients, c => c.Misses);

    /// <summary>The clients' time returning proxies (disposing them).</summary>
    public TimeSpan Returning => Clients.Aggregate(TimeSpan.Zero, (sum, c) => sum + c.Returning);

    /// <summary>The mean time the cache took to make one missing value (zero without misses).</summary>
    public TimeSpan MeanMaking => Misses > 0 ? Making / Misses : TimeSpan.Zero;

    /// <summary>The process's processor time per read (zero without reads): what a read cost, waits for a processor aside.</summary>
    public TimeSpan ProcessorTimePerRead => Reads > 0 ? ProcessorTime / Reads : TimeSpan.Zero;

    /// <summary>The clients' time scanning bytes in place, per read (zero without reads).</summary>
    public TimeSpan ScanningPerRead => Reads > 0 ? (HitReads.Reading + MissReads.Reading) / Reads : TimeSpan.Zero;

    /// <summary>The cache's time making values, per read of either kind (zero without reads).</summary>
    public TimeSpan MakingPerRead => Reads > 0 ? Making / Reads : TimeSpan.Zero;

    /// <summary>
    /// The processor time per read that went neither to scanning nor to making values: asking, lending,
    /// opening and returning proxies, the threads' spinning before they park, the collector. Never negative
    /// (scanning and making are wall-clock times, which on a busy machine include waits for a processor).
    /// </summary>
    public TimeSpan RestPerRead => TimeSpan.FromTicks(Math.Max(0, (ProcessorTimePerRead - ScanningPerRead - MakingPerRead).Ticks));

    /// <summary>The processor time the run could have had: every processor for the whole run.</summary>
    public TimeSpan ProcessorTimeAvailable => Elapsed * Environment.ProcessorCount;

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
        var cpuAtStart = Environment.CpuUsage.TotalTime;
        var deadline = started + options.Duration;
        var work = clients.Select((c, i) => ClientLoop.Start(c, cache, options, i, deadline)).ToArray();

        long peakBorrowed = 0, lastReturns = 0;
        var lastAt = started;
        var all = Task.WhenAll(work);
        while (!all.IsCompleted)
        {
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken)).ConfigureAwait(false);
            var stats = cacheDomain.GetSharingStats();
            var borrowed = Math.Max(0, stats.OwnedBytes - figures.LiveBytes);
            peakBorrowed = Math.Max(peakBorrowed, borrowed);
            var now = DateTime.UtcNow;
            var rate = (stats.ReturnsReceived - lastReturns) / Math.Max(0.001, (now - lastAt).TotalSeconds);
            (lastReturns, lastAt) = (stats.ReturnsReceived, now);
            onSample?.Invoke(new CacheSample(now - started, figures.Entries, stats.OwnedBytes, figures.LiveBytes, borrowed, rate, 0));
        }
        var results = await all.ConfigureAwait(false);
        var elapsed = DateTime.UtcNow - started;
        // The whole process's processor time during the run (the clients, the cache, the display, the collector):
        // far below ProcessorTimeAvailable means the run mostly waited for a processor on a busy machine.
        var processorTime = Environment.CpuUsage.TotalTime - cpuAtStart;

        // The cache lets go of everything; every value is freed once the last proxy is back.
        await cache.Ask<int>(new DropAll(), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        var settle = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (cacheDomain.GetSharingStats().OwnedBuffers > 0 && DateTime.UtcNow < settle)
            await cacheDomain.CallAsync(() => 0).ConfigureAwait(false);

        var final = cacheDomain.GetSharingStats();
        var finalized = clients.Sum(c => c.GetSharingStats().ProxiesFinalized);
        var report = await runtime.ShutdownAsync().ConfigureAwait(false);
        return new RunSummary(options, elapsed, results, figures.Hits, figures.Misses, figures.MadeBytes, figures.Making, processorTime,
            figures.Evictions, figures.EvictedBytes,
            peakBorrowed, final.ReturnsReceived, final.BuffersAllocated, final.BuffersFreed, finalized,
            runtime.GetActorStats().BytesCopied, report.IsClean, results.Sum(r => r.Corrupt));
    }
}
