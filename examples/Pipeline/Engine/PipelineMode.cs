namespace ActorInterp.Examples.Pipeline.Engine;

/// <summary>How a chunk crosses from the reader to a worker.</summary>
public enum PipelineMode
{
    /// <summary>Lent as a read-only proxy over the reader's pooled memory; no bytes copied (the default).</summary>
    Share,
    /// <summary>Deep-copied: serialized and deserialized with Hyperion, as a copying actor system would (the baseline).</summary>
    Copy,
    /// <summary>Ownership moved to the worker, which frees it on its own thread; no bytes copied.</summary>
    Transfer,
    /// <summary>
    /// No isolation, the yardstick for what isolation costs: the same reader, chunking and counting on plain
    /// threads, chunks handed over through <see cref="System.Threading.Channels"/> channels; no domains, no proxies,
    /// no ownership returns.
    /// </summary>
    Plain,
}
