namespace ActorInterp.Examples.Pipeline.Dispatch;

/// <summary>
/// Where the reader's chunks come from, and how a filled chunk crosses from the reader to a worker, in one of the
/// <see cref="Engine.PipelineMode"/>s.
/// </summary>
internal interface IChunkCourier
{
    /// <summary>A new chunk of <paramref name="size"/> bytes for the reader to fill; called on the reader's thread.</summary>
    ReaderChunk Allocate(int size);

    /// <summary>
    /// Sends the first <paramref name="length"/> bytes of <paramref name="chunk"/> to worker number
    /// <paramref name="worker"/>, which counts them; takes over <paramref name="chunk"/>. Runs on the reader's
    /// thread; <paramref name="onDone"/> runs later, once the chunk's memory may be reused: on the reader's thread
    /// in the domain modes, on the worker's in plain mode.
    /// </summary>
    void Send(ReaderChunk chunk, int length, int worker, Action onDone);

    /// <summary>Chunks deep-copied so far.</summary>
    long Copies { get; }
}
