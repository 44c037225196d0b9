using System.Collections.Immutable;
using System.Diagnostics;
using ActorInterp.Examples.Pipeline.Counting;
using ActorInterp.Examples.Pipeline.Dispatch;
using ActorInterp.Examples.Pipeline.Input;

namespace ActorInterp.Examples.Pipeline.Engine;

/// <summary>
/// <see cref="PipelineMode.Plain"/>: the pipeline without isolation, to measure what isolation costs. The same
/// <see cref="ChunkReader"/> (on thread-pool threads), the same chunks, credits and counting kernel, with plain
/// worker threads fed through channels (<see cref="PlainCourier"/>); the worker tables are merged on the calling
/// thread once the workers are done.
/// </summary>
internal static class PlainEngine
{
    public static async Task<PipelineResult> RunAsync(PipelineOptions options, InputListing? listing, Action<string> warn, PipelineProgress progress)
    {
        var courier = new PlainCourier(options.Workers);
        var reader = new ChunkReader(null, options, options.Workers, courier, progress, warn);
        var clock = Stopwatch.StartNew();
        try
        {
            await Task.Run(() => reader.RunAsync(listing));
        }
        finally
        {
            // The workers are joined whatever happened to the reader, so that no thread outlives the run.
            await courier.CompleteAsync();
        }
        var table = new WordTable(1 << 16);
        foreach (var counts in courier.Counts) table.AddAll(counts.Table);
        table.AddAll(reader.LongWordTable);
        var top = table.Top(options.Top).ToImmutableArray();
        var all = options.CollectAllCounts ? table.ToDictionary().ToImmutableDictionary() : null;
        clock.Stop();

        var broken = new List<string>();
        var words = courier.Counts.Sum(c => c.Words) + reader.LongWords;
        CountChecks.Check(reader, courier.Counts.Sum(c => c.Chunks), courier.Counts.Sum(c => c.Bytes), words, table.Total, broken);
        return new PipelineResult
        {
            Options = options,
            Bytes = reader.Bytes,
            Lines = courier.Counts.Sum(c => c.Newlines),
            Words = table.Total,
            UniqueWords = table.Count,
            Top = top,
            AllCounts = all,
            FilesRead = reader.FilesRead,
            Skipped = [.. listing?.Skipped ?? [], .. reader.Skipped],
            LongWords = reader.LongWords,
            PeakWorkingSet = PipelineEngine.PeakWorkingSet(),
            Elapsed = clock.Elapsed,
            Chunks = reader.Chunks,
            ChunksShared = 0,
            CopiesMade = 0,
            ChunksTransferred = 0,
            ReturnsCoalesced = 0,
            Leaks = 0,
            BrokenInvariants = broken,
            DomainStats = [],
        };
    }
}
