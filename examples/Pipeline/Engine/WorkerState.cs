using ActorInterp.Domains;
using ActorInterp.Examples.Pipeline.Dispatch;
using Hyperion;

namespace ActorInterp.Examples.Pipeline.Engine;

/// <summary>A worker domain's own counts. Touched only on that worker's thread.</summary>
internal sealed class WorkerState(Domain domain)
{
    private Serializer? _serializer;

    public Domain Domain { get; } = domain;

    public WorkerCounts Counts { get; } = new();

    /// <summary>The worker's own serializer for copied chunks (Hyperion serializers are not shared across domains).</summary>
    public Serializer Serializer => _serializer ??= ChunkCopy.NewSerializer();

    public void Count(ReadOnlySpan<byte> chunk) => Counts.Count(chunk);

    /// <summary>Writes the partial counts into a buffer of this domain and lends it to <paramref name="aggregator"/>.</summary>
    public PartialCounts SharePartial(Domain aggregator) =>
        PartialCounts.Share(Domain, Counts.Table, aggregator, Counts.Words, Counts.Newlines, Counts.Bytes, Counts.Chunks);
}
