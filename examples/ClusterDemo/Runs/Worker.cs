using ActorInterp.Cluster;
using ActorInterp.Domains;
using ActorInterp.Sharing;

namespace ClusterDemo;

/// <summary>
/// A worker node's counting domain, bound as endpoint "words": each chunk arrives as a proxy on the node's
/// copy; the counts go back to the reader's "results" endpoint in a buffer of the worker's own.
/// </summary>
internal sealed class Worker
{
    public const string EndpointName = "words";
    private readonly ClusterExchange _exchange;
    private readonly List<BufferHandle> _stalled = []; // worker's thread only
    private long _processed;
    private long _unsent;

    public Worker(Node node)
    {
        _exchange = node.Exchange;
        Domain = node.Runtime.CreateDomain("worker");
        node.Exchange.Bind(EndpointName, Domain, OnChunk);
    }

    public Domain Domain { get; }

    public long Processed => Interlocked.Read(ref _processed);

    /// <summary>Chunks counted whose result could not be sent because the node was shutting down.</summary>
    public long Unsent => Interlocked.Read(ref _unsent);

    /// <summary>Self-test hook: from now on chunks are kept unprocessed, as on a node that hangs before it dies.</summary>
    public volatile bool Stalled;

    private void OnChunk(RemoteDelivery delivery)
    {
        if (Stalled)
        {
            _stalled.Add(delivery.Handle);
            return;
        }
        var counts = new Dictionary<string, long>();
        using (var chunk = delivery.Handle.Open())
            WordCount.Count(chunk.Span, counts); // the proxy's release is coalesced into one for the node
        using var result = SharedBuffer.Allocate(WordCount.EncodedLength(counts));
        WordCount.Encode(counts, result.Span);
        try
        {
            _exchange.Share(result, new RemoteEndpoint(delivery.From, Reader.ResultsEndpoint), delivery.Tag);
        }
        catch (ObjectDisposedException)
        {
            // This node is shutting down (downed, or leaving): the reader counts the chunk on another worker.
            Interlocked.Increment(ref _unsent);
            return;
        }
        Interlocked.Increment(ref _processed);
    }
}
