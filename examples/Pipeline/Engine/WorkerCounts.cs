using ActorInterp.Examples.Pipeline.Counting;

namespace ActorInterp.Examples.Pipeline.Engine;

/// <summary>One worker's counts: its word table and totals. Touched only by that worker's thread.</summary>
internal sealed class WorkerCounts
{
    public WordTable Table { get; } = new(1 << 16);

    public long Words { get; private set; }

    public long Newlines { get; private set; }

    public long Bytes { get; private set; }

    public long Chunks { get; private set; }

    /// <summary>Counts one chunk.</summary>
    public void Count(ReadOnlySpan<byte> chunk)
    {
        Words += ChunkCounter.CountWords(chunk, Table);
        Newlines += ChunkCounter.CountNewlines(chunk);
        Bytes += chunk.Length;
        Chunks++;
    }
}
