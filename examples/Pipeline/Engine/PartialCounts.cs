using ActorInterp.Sharing;

namespace ActorInterp.Examples.Pipeline.Engine;

/// <summary>One worker's counts on their way to the aggregator: the word table lent as a buffer, and the totals.</summary>
internal sealed record PartialCounts(BufferHandle Table, long Words, long Newlines, long Bytes, long Chunks);
