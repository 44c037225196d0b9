using System.Diagnostics;
using ActorInterp.Sharing;
using Akka.Actor;

namespace BlobCache;

/// <summary>
/// The cache, placed in its own domain, which owns every value (pooled shared buffers). An answer lends
/// the value to the asking domain without a copy. Eviction under the byte budget removes an entry at once
/// and lets go of the owner's hold; the memory goes back to the pool only when the last reader returns.
/// </summary>
public sealed class CacheActor : ReceiveActor
{
    private readonly Dictionary<string, LinkedListNode<(string Key, SharedBuffer Buffer)>> _entries = [];
    private readonly LinkedList<(string Key, SharedBuffer Buffer)> _recency = new();
    private readonly WorkloadOptions _options;
    private readonly CacheFigures _figures;
    // Each key's size and pattern, computed once: a miss costs renting and writing its bytes, nothing else.
    private readonly Dictionary<string, WorkloadKey> _keys;
    private long _bytes;

    public CacheActor(WorkloadOptions options, CacheFigures figures)
    {
        _options = options;
        _figures = figures;
        _keys = options.KeyTable().ToDictionary(key => key.Name);
        Receive<Get>(OnGet);
        Receive<DropAll>(_ => Sender.Tell(DropEverything()));
    }

    private void OnGet(Get get)
    {
        var hit = _entries.TryGetValue(get.Key, out var node);
        if (hit)
        {
            _recency.Remove(node!);
            _recency.AddFirst(node!);
            _figures.Hit();
        }
        else
        {
            // Making the value is the miss's own cost: timed apart from the answer, which lends it as a hit's does.
            var making = Stopwatch.GetTimestamp();
            var key = _keys.TryGetValue(get.Key, out var known) ? known : new WorkloadKey(get.Key, _options.SizeOf(get.Key), WorkloadOptions.PatternOf(get.Key));
            var size = key.Size;
            var buffer = SharedBuffer.Allocate(size);
            buffer.Span.Fill(key.Pattern);
            var made = Stopwatch.GetTimestamp();
            node = _recency.AddFirst((get.Key, buffer));
            _entries.Add(get.Key, node);
            _bytes += size;
            _figures.Added(size, made - making);
            EvictOverBudget();
        }
        Sender.Tell(new Entry(get.Key, node!.Value.Buffer, hit));
    }

    // The entry just used is the most recent, so it is never the one evicted.
    private void EvictOverBudget()
    {
        while (_bytes > _options.Budget && _recency.Count > 1)
        {
            var (key, buffer) = _recency.Last!.Value;
            _recency.RemoveLast();
            _entries.Remove(key);
            Remove(buffer, evicted: true);
        }
    }

    private int DropEverything()
    {
        var dropped = _recency.Count;
        foreach (var (_, buffer) in _recency) Remove(buffer, evicted: false);
        _recency.Clear();
        _entries.Clear();
        return dropped;
    }

    private void Remove(SharedBuffer buffer, bool evicted)
    {
        _bytes -= buffer.Length;
        _figures.Removed(buffer.Length, evicted);
        buffer.Dispose(); // readers may still hold proxies: the memory is freed when the last one returns
    }

    protected override void PostStop() => DropEverything();
}
