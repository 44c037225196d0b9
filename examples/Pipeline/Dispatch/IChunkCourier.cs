using ActorInterp.Domains;
using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Sharing;

namespace ActorInterp.Examples.Pipeline.Dispatch;

/// <summary>Carries a filled chunk from the reader domain to a worker domain, in one of the <see cref="PipelineMode"/>s.</summary>
internal interface IChunkCourier
{
    /// <summary>
    /// Sends the first <paramref name="length"/> bytes of <paramref name="chunk"/> to <paramref name="worker"/>,
    /// which counts them into <paramref name="state"/>; takes over <paramref name="chunk"/>. Runs on the reader's
    /// thread; <paramref name="onDone"/> runs later on the reader's thread once the chunk's memory may be reused.
    /// </summary>
    void Send(SharedBuffer chunk, int length, WorkerState state, Action onDone);

    /// <summary>Chunks deep-copied so far.</summary>
    long Copies { get; }
}
