using ActorInterp.Domains;
using ActorInterp.Examples.Pipeline.Counting;
using ActorInterp.Sharing;

namespace ActorInterp.Examples.Pipeline.Engine;

/// <summary>One domain's counts on their way to the aggregator: the word table lent as a buffer, and the totals.</summary>
internal sealed record PartialCounts(BufferHandle Table, long Words, long Newlines, long Bytes, long Chunks)
{
    /// <summary>Writes <paramref name="table"/> into a buffer of <paramref name="owner"/> (the current domain) and lends it to <paramref name="aggregator"/>.</summary>
    public static PartialCounts Share(Domain owner, WordTable table, Domain aggregator, long words, long newlines, long bytes, long chunks)
    {
        owner.VerifyCurrentForPipeline();
        using var buffer = SharedBuffer.Allocate(table.EncodedLength);
        table.Encode(buffer.Span);
        return new PartialCounts(buffer.Share(aggregator), words, newlines, bytes, chunks);
    }
}
