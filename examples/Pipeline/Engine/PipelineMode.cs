namespace ActorInterp.Examples.Pipeline.Engine;

/// <summary>How a chunk crosses from the reader domain to a worker domain.</summary>
public enum PipelineMode
{
    /// <summary>Lent as a read-only proxy over the reader's pooled memory; no bytes copied (the default).</summary>
    Share,
    /// <summary>Deep-copied: serialized and deserialized with Hyperion, as a copying actor system would (the baseline).</summary>
    Copy,
    /// <summary>Ownership moved to the worker, which frees it on its own thread; no bytes copied.</summary>
    Transfer,
}
