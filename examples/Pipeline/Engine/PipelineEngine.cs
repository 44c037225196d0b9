using System.Collections.Immutable;
using System.Diagnostics;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using ActorInterp.Examples.Pipeline.Counting;
using ActorInterp.Examples.Pipeline.Dispatch;
using ActorInterp.Examples.Pipeline.Input;

namespace ActorInterp.Examples.Pipeline.Engine;

/// <summary>
/// Runs the word-statistics pipeline: a reader domain, <see cref="PipelineOptions.Workers"/> worker domains
/// and an aggregator domain, on a runtime of its own that is shut down (and checked for leaks) at the end; or,
/// in <see cref="PipelineMode.Plain"/>, the same reader and counting on plain threads.
/// </summary>
public static class PipelineEngine
{
    /// <summary>
    /// Counts the input of <paramref name="options"/>. <paramref name="warn"/> receives a line per skipped
    /// file or entry; <paramref name="progress"/>, when given, is updated while it runs.
    /// </summary>
    /// <exception cref="InputPathException">The input path cannot be counted (see <see cref="InputFiles.List"/>); nothing ran.</exception>
    public static Task<PipelineResult> RunAsync(PipelineOptions options, Action<string>? warn = null, PipelineProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RunAsync(options, options.InputPath is null ? null : InputFiles.List(options.InputPath), warn, progress);
    }

    /// <summary>
    /// Counts the files of <paramref name="listing"/>, or its standard input (listed from <see cref="PipelineOptions.InputPath"/> by
    /// <see cref="InputFiles.List"/>), or the built-in workload when it is null. The entries the listing left out
    /// are reported first, through <paramref name="warn"/> and in <see cref="PipelineResult.Skipped"/>.
    /// </summary>
    public static async Task<PipelineResult> RunAsync(PipelineOptions options, InputListing? listing, Action<string>? warn = null, PipelineProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1, nameof(options.Workers));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkSize, PipelineOptions.MinChunkSize, nameof(options.ChunkSize));
        if ((listing is null) != (options.InputPath is null))
            throw new ArgumentException("A listing goes with an input path, and only with one.", nameof(listing));
        progress ??= new PipelineProgress();
        warn ??= _ => { };
        foreach (var s in listing?.Skipped ?? []) warn($"warning: skipped '{s.Path}': it {s.Reason}");
        if (options.Mode == PipelineMode.Plain) return await PlainEngine.RunAsync(options, listing, warn, progress);

        var runtime = DomainRuntime.Create(new DomainRuntimeOptions { DefaultCloseTimeout = TimeSpan.FromSeconds(20) }, "pipeline");
        try
        {
            var readerDomain = runtime.CreateDomain("reader");
            var workers = Enumerable.Range(1, options.Workers).Select(i => new WorkerState(runtime.CreateDomain($"worker-{i}"))).ToArray();
            var aggregator = runtime.CreateDomain("aggregator");
            progress.Reader = readerDomain;
            progress.Workers = workers.Select(w => w.Domain).ToArray();
            progress.Aggregator = aggregator;
            IChunkCourier courier = options.Mode switch
            {
                PipelineMode.Share => new ShareCourier(workers),
                PipelineMode.Copy => new CopyCourier(workers),
                PipelineMode.Transfer => new TransferCourier(workers),
                _ => throw new ArgumentOutOfRangeException(nameof(options), options.Mode, "Unknown mode."),
            };
            // The reader is made on its own domain, which alone uses it while the pipeline runs.
            ChunkReader? reader = null;
            var workerCount = workers.Length;

            var clock = Stopwatch.StartNew();
            await readerDomain.RunAsync(() =>
            {
                reader = new ChunkReader(readerDomain, options, workerCount, courier, progress, warn);
                return reader.RunAsync(listing);
            });
            // Taken before the reader lends its table of long words below, so that it counts the chunks' shares only.
            var chunkShares = readerDomain.GetSharingStats().SharesMade;
            // Every chunk has come back, so every worker has counted all it was given.
            var partials = (await Task.WhenAll(workers.Select(w => w.Domain.CallAsync(() => w.SharePartial(aggregator)))))
                .Append(await readerDomain.CallAsync(() => reader!.ShareLongWords(aggregator)))
                .ToImmutableArray();
            var merged = await aggregator.CallAsync(() =>
            {
                var table = new WordTable(1 << 16);
                foreach (var partial in partials)
                {
                    using var proxy = partial.Table.Open();
                    table.AddEncoded(proxy.Span);
                }
                // Immutable, since the result leaves the aggregator's domain as a message would.
                return (Unique: table.Count, Total: table.Total, Top: table.Top(options.Top).ToImmutableArray(),
                    All: options.CollectAllCounts ? table.ToDictionary().ToImmutableDictionary() : null);
            });
            clock.Stop();

            var report = await runtime.ShutdownAsync();
            var domains = new[] { runtime.Main, readerDomain }.Concat(workers.Select(w => w.Domain)).Append(aggregator).ToArray();
            var stats = domains.Select(d => d.GetSharingStats()).ToArray();

            var broken = new List<string>();
            long leaks = report.RevokedBorrows;
            foreach (var s in stats)
            {
                leaks += s.OwnedBuffers + s.BorrowsOut + s.ProxiesFinalized;
                if (s.OwnedBuffers != 0) broken.Add($"domain '{s.Domain}' still owns {s.OwnedBuffers} buffers after shutdown");
                if (s.BorrowsOut != 0) broken.Add($"domain '{s.Domain}' still has {s.BorrowsOut} borrows out after shutdown");
                if (s.ProxiesFinalized != 0) broken.Add($"domain '{s.Domain}' finalized {s.ProxiesFinalized} proxies without Dispose");
                if (s.BuffersAllocated != s.BuffersFreed + s.TransfersOut + s.OwnedBuffers)
                    broken.Add($"domain '{s.Domain}' allocated {s.BuffersAllocated} buffers but freed {s.BuffersFreed} (transferred out {s.TransfersOut})");
            }
            foreach (var d in domains.Select(d => d.GetStats()))
                if (d.PendingCallFailures != 0) broken.Add($"domain '{d.Domain}' had {d.PendingCallFailures} failing posted calls");
            foreach (var d in report.Domains)
            {
                leaks += d.FreedAtClose + d.ReleasedHeld;
                if (d.FreedAtClose + d.ReleasedHeld != 0)
                    broken.Add($"domain '{d.Domain}' closed still owning {d.FreedAtClose} and holding {d.ReleasedHeld} buffers");
            }
            if (!report.IsClean) broken.Add($"the runtime did not shut down cleanly (forced: {string.Join(", ", report.Forced)}; revoked: {report.RevokedBorrows})");
            var counted = (Chunks: partials.Sum(p => p.Chunks), Bytes: partials.Sum(p => p.Bytes), Words: partials.Sum(p => p.Words));
            var finishedReader = reader!; // made by the reader's run above, read here once its domain has shut down
            CountChecks.Check(finishedReader, counted.Chunks, counted.Bytes, counted.Words, merged.Total, broken);
            var readerStats = stats[1];
            if (options.Mode == PipelineMode.Share && chunkShares != finishedReader.Chunks)
                broken.Add($"the reader made {chunkShares} shares for {finishedReader.Chunks} chunks");

            return new PipelineResult
            {
                Options = options,
                Bytes = finishedReader.Bytes,
                Lines = partials.Sum(p => p.Newlines),
                Words = merged.Total,
                UniqueWords = merged.Unique,
                Top = merged.Top,
                AllCounts = merged.All,
                FilesRead = finishedReader.FilesRead,
                Skipped = [.. listing?.Skipped ?? [], .. finishedReader.Skipped],
                LongWords = finishedReader.LongWords,
                PeakWorkingSet = PeakWorkingSet(),
                Elapsed = clock.Elapsed,
                Chunks = finishedReader.Chunks,
                ChunksShared = chunkShares,
                CopiesMade = courier.Copies,
                ChunksTransferred = readerStats.TransfersOut,
                ReturnsCoalesced = stats.Sum(s => s.ReturnsCoalesced),
                Leaks = leaks,
                BrokenInvariants = broken,
                DomainStats = stats,
            };
        }
        finally
        {
            await runtime.DisposeAsync();
        }
    }

    internal static long PeakWorkingSet()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }
}
