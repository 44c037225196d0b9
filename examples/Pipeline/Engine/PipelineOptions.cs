namespace ActorInterp.Examples.Pipeline.Engine;

/// <summary>What the pipeline counts and how.</summary>
public sealed record PipelineOptions
{
    /// <summary>The default chunk size: 4 MiB.</summary>
    public const int DefaultChunkSize = 4 << 20;

    /// <summary>The smallest chunk size: one generated token always fits.</summary>
    public const int MinChunkSize = 64;

    /// <summary>The default size of the built-in workload: 256 MiB.</summary>
    public const long DefaultSize = 256L << 20;

    /// <summary>How chunks cross to the workers.</summary>
    public PipelineMode Mode { get; init; } = PipelineMode.Share;

    /// <summary>Worker domains.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>A file, a directory (recursed), or <c>-</c> for standard input; null for the built-in workload.</summary>
    public string? InputPath { get; init; }

    /// <summary>Seed of the built-in workload.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Bytes of the built-in workload.</summary>
    public long Size { get; init; } = DefaultSize;

    /// <summary>Bytes per chunk; every chunk has this size (a word longer than a chunk is counted piece by piece).</summary>
    public int ChunkSize { get; init; } = DefaultChunkSize;

    /// <summary>The most chunks alive at once (being filled or out at workers); 0 means twice the workers plus one.</summary>
    public int MaxChunksInFlight { get; init; }

    /// <summary>How many of the most frequent words to report.</summary>
    public int Top { get; init; } = 10;

    /// <summary>Also return every word's count (for checks; costs a string per distinct word at the end).</summary>
    public bool CollectAllCounts { get; init; }

    internal int EffectiveInFlight => MaxChunksInFlight > 0 ? MaxChunksInFlight : 2 * Workers + 1;
}
