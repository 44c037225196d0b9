using ActorInterp.Domains;
using ActorInterp.Examples.Pipeline.Counting;
using ActorInterp.Examples.Pipeline.Dispatch;
using Hyperion;

namespace ActorInterp.Examples.Pipeline.Engine;

/// <summary>A worker domain's own counts. Touched only on that worker's thread.</summary>
internal sealed class WorkerState(Domain domain)
{
    private Serializer? _serializer;

    public Domain Domain { get; } = domain;

    public WordTable Table { get; } = new(1 << 16);

    public long Words { get; private set; }

    public long Newlines { get; private set; }

    public long Bytes { get; private set; }

    public long Chunks { get; private set; }

    /// <summary>The worker's own serializer for copied chunks (Hyperion serializers are not shared across domains).</summary>
    public Serializer Serializer => _serializer ??= ChunkCopy.NewSerializer();

    public void Count(ReadOnlySpan<byte> chunk)
    {
        Words += ChunkCounter.CountWords(chunk, Table);
        Newlines += ChunkCounter.CountNewlines(chunk);
        Bytes += chunk.Length;
        Chunks++;
    }

    /// <summary>Writes the partial counts into a buffer of this domain and lends it to <paramref name="aggregator"/>.</summary>
    public PartialCounts SharePartial(Domain aggregator) => PartialCounts.Share(Domain, Table, aggregator, Words, Newlines, Bytes, Chunks);
}
