using System.Collections.Concurrent;
using System.Globalization;
using ActorInterp.Cluster;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;
using Akka.Cluster;

namespace ClusterDemo;

/// <summary>
/// The reader node's job: cuts the text into chunk buffers it owns, lends each to a worker node (at most
/// <see cref="Window"/> in flight per worker), merges the counts that come back, and gives a chunk to
/// another worker when its worker becomes unreachable or leaves. All state lives on the reader domain's thread.
/// </summary>
internal sealed class Reader
{
    public const string ResultsEndpoint = "results";
    private const int Window = 2;

    private readonly ClusterExchange _exchange;
    private readonly byte[] _text;
    private readonly int _chunkSize;
    private readonly List<ChunkState> _chunks = [];
    private readonly Dictionary<Address, WorkerState> _workers = [];
    private readonly Dictionary<string, long> _totals = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<Dictionary<string, long>> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _completed;
    private int _liveWorkers;

    public Reader(Node node, byte[] text, int chunkSize)
    {
        _exchange = node.Exchange;
        _text = text;
        _chunkSize = chunkSize;
        Domain = node.Runtime.CreateDomain("reader");
        node.Exchange.Bind(ResultsEndpoint, Domain, OnResult);
        node.System.ActorOf(Props.Create(() => new MembershipWatcher(this)), "worker-watcher");
    }

    public Domain Domain { get; }

    public int ChunkCount { get; private set; }

    public int Completed => Volatile.Read(ref _completed);

    public int Redispatched { get; private set; }

    /// <summary>Per worker node: chunks done and in flight (a snapshot for the display).</summary>
    public ConcurrentDictionary<Address, (int Done, int InFlight, bool Gone)> Progress { get; } = new();

    /// <summary>Cuts the text into buffers owned by the reader domain and starts lending them.</summary>
    public Task<Dictionary<string, long>> RunAsync()
    {
        Domain.Post(() =>
        {
            var at = 0;
            while (at < _text.Length)
            {
                var end = WordCount.CutAfter(_text, at + _chunkSize);
                _chunks.Add(new ChunkState(SharedBuffer.CopyOf(_text.AsSpan(at, end - at))));
                at = end;
            }
            ChunkCount = _chunks.Count;
            if (_chunks.Count == 0) _done.TrySetResult(new Dictionary<string, long>(_totals)); // an empty text has no words
            Pump();
        });
        return _done.Task;
    }

    /// <summary>Worker nodes that are up, reachable and not removed (a snapshot).</summary>
    public int LiveWorkers => Volatile.Read(ref _liveWorkers);

    private void OnResult(RemoteDelivery delivery)
    {
        using var proxy = delivery.Handle.Open();
        var index = int.Parse(delivery.Tag, CultureInfo.InvariantCulture);
        var chunk = _chunks[index];
        if (_workers.TryGetValue(delivery.From, out var worker) && chunk.Worker == delivery.From)
        {
            worker.InFlight--;
            worker.Done++;
        }
        if (chunk.Done) return; // a late answer for a chunk another worker already counted
        WordCount.Merge(proxy.Span, _totals);
        chunk.Done = true;
        chunk.Buffer.Dispose(); // the owner lets go; the memory returns once every borrow is back
        Interlocked.Increment(ref _completed);
        ChunkCounted?.Invoke(_completed, _chunks.Count);
        if (_completed == _chunks.Count) _done.TrySetResult(new Dictionary<string, long>(_totals));
        Pump();
    }

    /// <summary>Raised on the reader domain's thread as each chunk's counts are merged: chunks done, chunks in all.</summary>
    public event Action<int, int>? ChunkCounted;

    private void OnWorkerUp(Address node)
    {
        _workers.TryAdd(node, new WorkerState());
        Pump();
    }

    private void OnWorkerBack(Address node)
    {
        // Unreachable for a while, but not downed: it gets chunks again (late answers are merged once).
        if (!_workers.TryGetValue(node, out var worker) || !worker.Gone || worker.Removed) return;
        worker.Gone = false;
        Pump();
    }

    private void OnWorkerGone(Address node, bool removed)
    {
        if (!_workers.TryGetValue(node, out var worker)) return;
        worker.Removed |= removed;
        if (worker.Gone)
        {
            Pump();
            return;
        }
        worker.Gone = true;
        // Its unfinished chunks go to the others; its borrows come back when the split brain resolver downs it.
        var taken = 0;
        foreach (var chunk in _chunks.Where(c => !c.Done && c.Worker == node))
        {
            chunk.Worker = null;
            taken++;
        }
        Redispatched += taken;
        worker.InFlight = 0;
        WorkerLost?.Invoke(node, removed, taken);
        Pump();
    }

    /// <summary>
    /// Raised on the reader domain's thread when a worker node becomes unreachable or is removed (the flag), with
    /// how many of its unfinished chunks go to the other workers.
    /// </summary>
    public event Action<Address, bool, int>? WorkerLost;

    private void Pump()
    {
        for (var index = 0; index < _chunks.Count; index++)
        {
            var chunk = _chunks[index];
            if (chunk.Done || chunk.Worker is not null) continue;
            var target = _workers.Where(w => !w.Value.Gone && w.Value.InFlight < Window).OrderBy(w => w.Value.InFlight).FirstOrDefault();
            if (target.Key is null) break;
            chunk.Worker = target.Key;
            target.Value.InFlight++;
            try
            {
                _exchange.Share(chunk.Buffer, new RemoteEndpoint(target.Key, Worker.EndpointName), index.ToString(CultureInfo.InvariantCulture));
            }
            catch (ObjectDisposedException ex)
            {
                // The node is shutting down (it was downed, or it is leaving): the run cannot go on.
                _done.TrySetException(ex);
                return;
            }
        }
        foreach (var (node, w) in _workers) Progress[node] = (w.Done, w.InFlight, w.Gone);
        Volatile.Write(ref _liveWorkers, _workers.Values.Count(w => !w.Gone));
    }

    private sealed class ChunkState(SharedBuffer buffer)
    {
        public SharedBuffer Buffer { get; } = buffer;
        public Address? Worker { get; set; }
        public bool Done { get; set; }
    }

    private sealed class WorkerState
    {
        public int InFlight;
        public int Done;
        public bool Gone;
        public bool Removed;
    }

    /// <summary>Turns Akka.Cluster's membership events about worker nodes into calls on the reader's domain.</summary>
    private sealed class MembershipWatcher : ReceiveActor
    {
        public MembershipWatcher(Reader reader)
        {
            Receive<ClusterEvent.MemberUp>(e =>
            {
                if (e.Member.HasRole("worker")) reader.Domain.Post(() => reader.OnWorkerUp(e.Member.Address));
            });
            Receive<ClusterEvent.UnreachableMember>(e => reader.Domain.Post(() => reader.OnWorkerGone(e.Member.Address, removed: false)));
            Receive<ClusterEvent.ReachableMember>(e => reader.Domain.Post(() => reader.OnWorkerBack(e.Member.Address)));
            Receive<ClusterEvent.MemberRemoved>(e => reader.Domain.Post(() => reader.OnWorkerGone(e.Member.Address, removed: true)));
            Receive<ClusterEvent.IMemberEvent>(_ => { });
        }

        protected override void PreStart() => Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self,
            ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

        protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }
}
