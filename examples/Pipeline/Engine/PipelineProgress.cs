using ActorInterp.Actors;
using ActorInterp.Domains;

namespace ActorInterp.Examples.Pipeline.Engine;

/// <summary>Live figures of a running pipeline, readable from any thread (each figure atomically, not as one cut).</summary>
/// <remarks>Safe for use from any thread, so the domains' code may update a progress it captures: marked shareable.</remarks>
[Shareable]
public sealed class PipelineProgress
{
    private long _bytesRead;
    private long _chunksDispatched;
    private long _chunksInFlight;

    /// <summary>Input bytes read so far.</summary>
    public long BytesRead => Volatile.Read(ref _bytesRead);

    /// <summary>Chunks sent to workers so far.</summary>
    public long ChunksDispatched => Volatile.Read(ref _chunksDispatched);

    /// <summary>Chunks alive now: being filled, or out at a worker and not yet back.</summary>
    public long ChunksInFlight => Volatile.Read(ref _chunksInFlight);

    /// <summary>The reader domain, once started.</summary>
    public Domain? Reader { get; internal set; }

    /// <summary>The worker domains, once started.</summary>
    public IReadOnlyList<Domain> Workers { get; internal set; } = [];

    /// <summary>The aggregator domain, once started.</summary>
    public Domain? Aggregator { get; internal set; }

    internal void AddBytes(long n) => Volatile.Write(ref _bytesRead, _bytesRead + n);

    internal void ChunkDispatched() => Volatile.Write(ref _chunksDispatched, _chunksDispatched + 1);

    internal void SetInFlight(long n) => Volatile.Write(ref _chunksInFlight, n);
}
