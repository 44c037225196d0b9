using ActorInterp.Sharing.Protocol;

namespace ActorInterp.Cluster.Tests.Simulation;

/// <summary>
/// A deterministic model of the node layer of remote borrows, driven by a seeded scheduler. It uses the
/// foundation's real counting core (<see cref="BorrowLedger"/>, <see cref="HeldWeight"/>, <see cref="Weight"/>)
/// for every buffer (the owner's original and each node's copy), and models each node's exchange exactly as
/// the exchange actor works: one lease (a parked weight) per (buffer, range, node), slices being leases of their
/// own; offer, windowed chunks, acks; deliveries numbered per lease; one release per copy naming the deliveries
/// seen; the owner node ends the lease only when the release names every delivery it sent, and acknowledges;
/// forwarding from a copy is a remote share of the copy or a slice of it; node loss reclaims leases, orphans copies.
/// </summary>
/// <remarks>
/// Between nodes, messages of one ordered pair arrive in order; everything else interleaves arbitrarily, and a
/// crashed node's last messages may or may not arrive before each survivor learns it was removed. Inside a node
/// steps are immediate (the in-process protocol has its own simulation in the Sharing tests).
/// Checked after every step: no buffer is read (by a proxy or a chunk being sent) after it was freed; no return
/// is refused as more than is out. Checked at the end, after everything drained: every buffer on a surviving node
/// is freed, no lease or copy is left, and every delivery of a lease that ended normally reached a holder.
/// </remarks>
internal sealed class NodeLayerSimulation
{
    private const int Owner = 0, ChunkCount = 3, Window = 2;

    private readonly Random _random;
    private readonly int _nodes;
    private readonly bool _naiveRelease;
    private readonly NodeState[] _state;
    private readonly Queue<Message>[,] _channels;
    private readonly List<(int Observer, int Gone)> _removals = [];
    private readonly List<Buf> _all = [];
    private Buf? _original;
    private bool _ownerHolds = true;
    private int _nextHolder = 1, _nextBuf = 1;
    private long _nextLease = 1;

    public NodeLayerSimulation(int seed, int nodes = 4, bool naiveRelease = false)
    {
        _random = new Random(seed);
        _nodes = nodes;
        _naiveRelease = naiveRelease;
        _state = Enumerable.Range(0, nodes).Select(i => new NodeState(i)).ToArray();
        _channels = new Queue<Message>[nodes, nodes];
        for (var a = 0; a < nodes; a++)
            for (var b = 0; b < nodes; b++) _channels[a, b] = new Queue<Message>();
    }

    public List<string> Trace { get; } = [];

    /// <summary>Runs <paramref name="steps"/> random steps, then drains; throws <see cref="InvalidOperationException"/> on a violation.</summary>
    public void Run(int steps)
    {
        _original = NewBuf(Owner);
        var crashes = 0;
        for (var step = 0; step < steps; step++)
        {
            var roll = _random.Next(100);
            if (roll < 15 && _ownerHolds) OwnerShare(1 + _random.Next(_nodes - 1));
            else if (roll < 30) ReleaseRandomProxy();
            else if (roll < 42) ForwardRandomProxy();
            else if (roll < 44 && crashes == 0 && step > steps / 4) { Crash(1 + _random.Next(_nodes - 1)); crashes++; }
            else if (roll < 47 && _ownerHolds && step > steps / 2) ReleaseOwnerHold();
            else if (roll < 52) ProcessRemoval();
            else DeliverRandom();
            CheckSafety();
        }
        // Drain: holders let go, the owner lets go, every message and removal is processed.
        if (_ownerHolds) ReleaseOwnerHold();
        for (var guard = 0; guard < 1_000_000; guard++)
        {
            CheckSafety();
            if (_removals.Count > 0 && _random.Next(3) == 0) { ProcessRemoval(); continue; }
            if (AnyProxy() && _random.Next(3) == 0) { ReleaseRandomProxy(); continue; }
            if (DeliverRandom()) continue;
            if (_removals.Count > 0) { ProcessRemoval(); continue; }
            if (AnyProxy()) { ReleaseRandomProxy(); continue; }
            break;
        }
        CheckQuiescent();
    }

    // ---- actions -------------------------------------------------------------------------------------

    private void OwnerShare(int target)
    {
        var weight = Share(_original!, Park(target));
        var range = _random.Next(3); // the whole buffer, or one of two (overlapping) slices of it
        Note($"owner shares range {range} to n{target}");
        Exchange(Owner).ShareRequest(this, _original!, weight, target, range);
    }

    private void ReleaseRandomProxy()
    {
        var proxies = LiveProxies().ToList();
        if (proxies.Count == 0) return;
        var (node, proxy) = proxies[_random.Next(proxies.Count)];
        _state[node].Proxies.Remove(proxy);
        Note($"n{node} holder {proxy.Holder} releases {proxy.Buf}");
        if (proxy.Held.ReleaseProxy(out var weight)) Return(proxy.Buf, proxy.Holder, weight);
    }

    private void ForwardRandomProxy()
    {
        var proxies = LiveProxies().ToList();
        if (proxies.Count == 0) return;
        var (node, proxy) = proxies[_random.Next(proxies.Count)];
        var target = _random.Next(_nodes - 1);
        if (target >= node) target++;
        if (!_state[target].Alive) return;
        var weight = proxy.Held.SplitForForward();
        var park = Park(target);
        proxy.Buf.Ledger.Notice(proxy.Holder, park, weight, false, false, DateTimeOffset.MinValue);
        var range = _random.Next(3); // the whole copy, or a slice of it
        Note($"n{node} holder {proxy.Holder} forwards range {range} of {proxy.Buf} to n{target}");
        Exchange(node).ShareRequest(this, proxy.Buf, weight, target, range);
    }

    private void ReleaseOwnerHold()
    {
        _ownerHolds = false;
        _original!.Ledger.ReleaseOwnerHold();
        Note("owner lets go of its hold");
        FreeIfDone(_original);
    }

    private void Crash(int node)
    {
        var s = _state[node];
        s.Alive = false;
        s.Proxies.Clear();
        s.Leases.Clear();
        s.Mirrors.Clear();
        for (var other = 0; other < _nodes; other++)
        {
            _channels[other, node].Clear();
            if (other != node && _state[other].Alive) _removals.Add((other, node));
        }
        Note($"n{node} crashes");
    }

    private void ProcessRemoval()
    {
        if (_removals.Count == 0) return;
        var i = _random.Next(_removals.Count);
        var (observer, gone) = _removals[i];
        _removals.RemoveAt(i);
        if (!_state[observer].Alive) return;
        _state[observer].Removed.Add(gone);
        _channels[gone, observer].Clear(); // quarantined: nothing more arrives from it
        Note($"n{observer} learns n{gone} was removed");
        Exchange(observer).NodeRemoved(this, gone);
    }

    private bool DeliverRandom()
    {
        var ready = new List<(int From, int To)>();
        for (var a = 0; a < _nodes; a++)
            for (var b = 0; b < _nodes; b++)
                if (_channels[a, b].Count > 0 && _state[b].Alive) ready.Add((a, b));
        if (ready.Count == 0) return false;
        var (from, to) = ready[_random.Next(ready.Count)];
        var message = _channels[from, to].Dequeue();
        Note($"n{from} -> n{to}: {message}");
        Exchange(to).Receive(this, from, message);
        return true;
    }

    // ---- the counting core, as the foundation's owner does it ---------------------------------------

    private Buf NewBuf(int node)
    {
        var buf = new Buf(_nextBuf++, node);
        _all.Add(buf);
        return buf;
    }

    private static int Park(int node) => -1000 - node;

    private static Weight Share(Buf buf, int holder)
    {
        buf.Ledger.Share(holder, DateTimeOffset.MinValue, out var weight);
        return weight;
    }

    private void Return(Buf buf, int holder, Weight weight)
    {
        if (!_state[buf.Node].Alive) return; // the owner is gone with its buffer
        var outcome = buf.Ledger.Return(holder, weight, holderReclaimed: false);
        if (outcome == ReturnOutcome.Overdrawn) Fail($"a return of {weight} to {buf} was more than is out");
        FreeIfDone(buf);
        if (!buf.Ledger.HasBorrows && buf.Mirror is { } mirror) Exchange(buf.Node).MirrorIdle(this, mirror);
    }

    private void FreeIfDone(Buf buf)
    {
        if (buf.Ledger.CanFree && !buf.Freed)
        {
            buf.Freed = true;
            Note($"{buf} freed");
        }
    }

    private void Open(int node, Buf buf, Weight weight)
    {
        var holder = _nextHolder++;
        var held = new HeldWeight();
        held.Open(weight);
        _state[node].Proxies.Add(new Proxy(buf, holder, held));
        // The parked weight moves to the holder that opened it (the foundation's notice on open).
        buf.Ledger.Notice(Park(node), holder, weight, false, false, DateTimeOffset.MinValue);
    }

    // ---- checks --------------------------------------------------------------------------------------

    private IEnumerable<(int Node, Proxy Proxy)> LiveProxies() =>
        _state.Where(s => s.Alive).SelectMany(s => s.Proxies.Select(p => (s.Id, p)));

    private bool AnyProxy() => LiveProxies().Any();

    private void CheckSafety()
    {
        foreach (var (node, proxy) in LiveProxies())
            if (proxy.Buf.Freed) Fail($"holder {proxy.Holder} on n{node} can read {proxy.Buf}, which was freed");
    }

    private void CheckQuiescent()
    {
        foreach (var s in _state.Where(s => s.Alive))
        {
            if (s.Leases.Count > 0) Fail($"n{s.Id} still has {s.Leases.Count} leases out");
            if (s.Mirrors.Count > 0) Fail($"n{s.Id} still keeps {s.Mirrors.Count} copies");
        }
        foreach (var buf in _all.Where(b => _state[b.Node].Alive))
            if (!buf.Freed) Fail($"{buf} on n{buf.Node} leaked ({buf.Ledger.Outstanding} out)");
        foreach (var s in _state.Where(s => s.Alive))
            if (s.LostDeliveries > 0) Fail($"n{s.Id} lost {s.LostDeliveries} deliveries of leases that ended normally");
    }

    internal void CheckChunkSource(Buf buf)
    {
        if (buf.Freed) Fail($"a chunk of {buf} was sent after it was freed");
    }

    private void Fail(string what) => throw new InvalidOperationException($"{what}\n  last steps:\n    " + string.Join("\n    ", Trace.TakeLast(40)));

    private void Note(string line) => Trace.Add(line);

    private NodeState Exchange(int node) => _state[node];

    internal void Send(int from, int to, Message message)
    {
        if (!_state[to].Alive || _state[from].Removed.Contains(to)) return;
        _channels[from, to].Enqueue(message);
    }

    // ---- one node's exchange, as the exchange actor does it -----------------------------------------

    internal sealed class NodeState(int id)
    {
        public int Id { get; } = id;
        public bool Alive { get; set; } = true;
        public HashSet<int> Removed { get; } = [];
        public List<Proxy> Proxies { get; } = [];
        public Dictionary<long, Lease> Leases { get; } = [];
        public Dictionary<(int From, long Lease), Mirror> Mirrors { get; } = [];
        public int LostDeliveries { get; set; }

        public void ShareRequest(NodeLayerSimulation sim, Buf buf, Weight parked, int target, int range)
        {
            if (Removed.Contains(target)) // the exchange refuses a node that left the membership
            {
                sim.Return(buf, Park(target), parked);
                return;
            }
            var lease = Leases.Values.FirstOrDefault(l => l.Buf == buf && l.To == target && l.Range == range);
            if (lease is not null)
            {
                sim.Return(buf, Park(target), parked); // one borrow per node and range: the extra weight goes back
                lease.Sent++;
                sim.Send(Id, target, new Message(Kind.Deliver, lease.Id, lease.Sent));
                return;
            }
            lease = new Lease(sim._nextLease++, buf, target, parked, range);
            Leases.Add(lease.Id, lease);
            sim.Send(Id, target, new Message(Kind.Offer, lease.Id, 0));
            lease.Sent++;
            sim.Send(Id, target, new Message(Kind.Deliver, lease.Id, lease.Sent));
            Pump(sim, lease);
        }

        private void Pump(NodeLayerSimulation sim, Lease lease)
        {
            while (lease.NextChunk < ChunkCount && lease.NextChunk - lease.Acked < Window)
            {
                sim.CheckChunkSource(lease.Buf);
                sim.Send(Id, lease.To, new Message(Kind.Chunk, lease.Id, lease.NextChunk++));
            }
        }

        public void Receive(NodeLayerSimulation sim, int from, Message m)
        {
            switch (m.Kind)
            {
                case Kind.Offer:
                    var copy = sim.NewBuf(Id);
                    var mirror = new Mirror(from, m.Lease, copy);
                    copy.Mirror = mirror;
                    Mirrors.Add((from, m.Lease), mirror);
                    break;
                case Kind.Chunk:
                    if (!Mirrors.TryGetValue((from, m.Lease), out mirror)) return;
                    mirror.Received++;
                    sim.Send(Id, from, new Message(Kind.Ack, m.Lease, mirror.Received));
                    if (mirror.Received == ChunkCount)
                    {
                        mirror.State = MirrorState.Live;
                        foreach (var _ in mirror.Pending) Deliver(sim, mirror);
                        mirror.Pending.Clear();
                        MirrorIdle(sim, mirror);
                    }
                    break;
                case Kind.Ack:
                    if (Leases.TryGetValue(m.Lease, out var lease) && lease.To == from)
                    {
                        lease.Acked = m.Number;
                        Pump(sim, lease);
                    }
                    break;
                case Kind.Deliver:
                    if (!Mirrors.TryGetValue((from, m.Lease), out mirror))
                    {
                        LostDeliveries++; // a delivery for a copy already dropped: the protocol lost it
                        return;
                    }
                    mirror.Seen++;
                    if (mirror.State == MirrorState.Receiving) mirror.Pending.Add(m.Number);
                    else
                    {
                        Deliver(sim, mirror);
                        MirrorIdle(sim, mirror);
                    }
                    break;
                case Kind.Release:
                    if (!Leases.TryGetValue(m.Lease, out lease) || lease.To != from || m.Number > lease.Sent || lease.Acked < ChunkCount)
                        return; // refused, as the exchange refuses it
                    if (m.Number < lease.Sent && !sim._naiveRelease) return; // a delivery crossed the release
                    Leases.Remove(lease.Id);
                    sim.Return(lease.Buf, Park(lease.To), lease.Parked);
                    sim.Send(Id, from, new Message(Kind.ReleaseAck, lease.Id, 0));
                    break;
                case Kind.ReleaseAck:
                    if (Mirrors.TryGetValue((from, m.Lease), out mirror) && mirror.State == MirrorState.Releasing && !mirror.Copy.Ledger.HasBorrows)
                        Drop(sim, mirror);
                    break;
            }
        }

        private void Deliver(NodeLayerSimulation sim, Mirror mirror)
        {
            mirror.State = MirrorState.Live;
            var weight = Share(mirror.Copy, Park(Id));
            sim.Open(Id, mirror.Copy, weight);
        }

        public void MirrorIdle(NodeLayerSimulation sim, Mirror mirror)
        {
            if (mirror.State != MirrorState.Live || mirror.Copy.Ledger.HasBorrows) return;
            if (mirror.Orphaned)
            {
                Drop(sim, mirror);
                return;
            }
            mirror.State = MirrorState.Releasing;
            sim.Send(Id, mirror.From, new Message(Kind.Release, mirror.Lease, mirror.Seen));
        }

        private void Drop(NodeLayerSimulation sim, Mirror mirror)
        {
            mirror.State = MirrorState.Dropped;
            Mirrors.Remove((mirror.From, mirror.Lease));
            mirror.Copy.Mirror = null;
            mirror.Copy.Ledger.ReleaseOwnerHold();
            sim.FreeIfDone(mirror.Copy);
        }

        public void NodeRemoved(NodeLayerSimulation sim, int gone)
        {
            foreach (var lease in Leases.Values.Where(l => l.To == gone).ToArray())
            {
                Leases.Remove(lease.Id);
                sim.Return(lease.Buf, Park(gone), lease.Parked);
            }
            foreach (var mirror in Mirrors.Values.Where(m => m.From == gone).ToArray())
            {
                if (mirror.State == MirrorState.Live && mirror.Copy.Ledger.HasBorrows)
                {
                    mirror.Orphaned = true;
                    continue;
                }
                Drop(sim, mirror);
            }
        }
    }

    internal enum Kind { Offer, Chunk, Ack, Deliver, Release, ReleaseAck }

    internal enum MirrorState { Receiving, Live, Releasing, Dropped }

    internal sealed record Message(Kind Kind, long Lease, int Number)
    {
        public override string ToString() => $"{Kind}(lease {Lease}, {Number})";
    }

    internal sealed class Buf(int id, int node)
    {
        public int Id { get; } = id;
        public int Node { get; } = node;
        public BorrowLedger Ledger { get; } = new();
        public bool Freed { get; set; }
        public Mirror? Mirror { get; set; }
        public override string ToString() => $"buffer {Id}@n{Node}";
    }

    internal sealed record Proxy(Buf Buf, int Holder, HeldWeight Held);

    internal sealed class Lease(long id, Buf buf, int to, Weight parked, int range)
    {
        public int Range { get; } = range; // another range of the buffer to the same node is another lease
        public long Id { get; } = id;
        public Buf Buf { get; } = buf;
        public int To { get; } = to;
        public Weight Parked { get; } = parked;
        public int Sent { get; set; }
        public int NextChunk { get; set; }
        public int Acked { get; set; }
    }

    internal sealed class Mirror(int from, long lease, Buf copy)
    {
        public int From { get; } = from;
        public long Lease { get; } = lease;
        public Buf Copy { get; } = copy;
        public MirrorState State { get; set; } = MirrorState.Receiving;
        public int Received { get; set; }
        public int Seen { get; set; }
        public bool Orphaned { get; set; }
        public List<int> Pending { get; } = [];
    }
}
