using ActorInterp.Examples.Pipeline.Counting;
using ActorInterp.Examples.Pipeline.Input;
using ActorInterp.Sharing;

namespace ActorInterp.Examples.Pipeline.Engine;

/// <summary>What a pipeline run counted, and what it did to get there.</summary>
public sealed record PipelineResult
{
    /// <summary>The options it ran with.</summary>
    public required PipelineOptions Options { get; init; }
    /// <summary>Input bytes (files skipped as binary excluded).</summary>
    public required long Bytes { get; init; }
    /// <summary>Lines: newline bytes, plus one for each non-empty file (or workload) not ending in a newline.</summary>
    public required long Lines { get; init; }
    /// <summary>Words.</summary>
    public required long Words { get; init; }
    /// <summary>Distinct words (case-insensitive).</summary>
    public required long UniqueWords { get; init; }
    /// <summary>The most frequent words, ties broken by the word (ordinal).</summary>
    public required IReadOnlyList<WordCount> Top { get; init; }
    /// <summary>Every word's count when <see cref="PipelineOptions.CollectAllCounts"/> was set.</summary>
    public IReadOnlyDictionary<string, long>? AllCounts { get; init; }
    /// <summary>Files counted (standard input counts as one); 0 when every input was skipped.</summary>
    public required int FilesRead { get; init; }
    /// <summary>
    /// Files and entries left out: binary, unreadable, or not regular files (named pipes, sockets, devices,
    /// symbolic links inside a directory, directories that cannot be listed).
    /// </summary>
    public required IReadOnlyList<SkippedFile> Skipped { get; init; }
    /// <summary>Words longer than a chunk (counted by the reader as it read them, never held whole).</summary>
    public long LongWords { get; init; }
    /// <summary>The process's peak working set in bytes when the run ended (everything the process did so far, not only this run).</summary>
    public long PeakWorkingSet { get; init; }
    /// <summary>From the first read to the merged result.</summary>
    public required TimeSpan Elapsed { get; init; }
    /// <summary>Input megabytes (2^20 bytes) per second.</summary>
    public double MegabytesPerSecond => Bytes / (1024.0 * 1024.0) / Math.Max(Elapsed.TotalSeconds, 1e-9);
    /// <summary>Chunks sent to workers.</summary>
    public required long Chunks { get; init; }
    /// <summary>Chunks lent to workers as proxies.</summary>
    public required long ChunksShared { get; init; }
    /// <summary>Chunks deep-copied across a domain boundary.</summary>
    public required long CopiesMade { get; init; }
    /// <summary>Chunks whose ownership moved to a worker.</summary>
    public required long ChunksTransferred { get; init; }
    /// <summary>Ownership returns that travelled together with another in one message.</summary>
    public required long ReturnsCoalesced { get; init; }
    /// <summary>Buffers or borrows left behind: still owned or borrowed at shutdown, finalized without Dispose, revoked.</summary>
    public required long Leaks { get; init; }
    /// <summary>Broken invariants, each a sentence; empty when all held.</summary>
    public required IReadOnlyList<string> BrokenInvariants { get; init; }
    /// <summary>Every domain's sharing figures at the end (after the runtime shut down).</summary>
    public required IReadOnlyList<SharingStats> DomainStats { get; init; }
    /// <summary>True when nothing leaked and every invariant held.</summary>
    public bool IsSound => Leaks == 0 && BrokenInvariants.Count == 0;
}
