using ActorInterp.Sharing.Protocol;

namespace ActorInterp.Sharing.Tests.Simulation;

/// <summary>
/// A deterministic run of the ownership-return protocol between simulated domains: no threads, no clock,
/// every choice drawn from one seeded generator, so a run is a pure function of its seed and options.
/// All counting is done by the real <see cref="BorrowLedger"/>, <see cref="HeldWeight"/> and
/// <see cref="Weight"/>; this class plays the layer around them (who calls what, on which domain, and
/// which message travels in which lane) and checks the invariants after every step.
/// </summary>
internal sealed partial class ProtocolSimulation
{
    private const int Nobody = -1;
    private const int FinalizerThread = -2;
    private const int DeadLetters = -3;
    private const int MaxBuffersPerDomain = 5;
    private const int TraceTail = 40;

    private readonly ulong _seed;
    private readonly SimOptions _options;
    private readonly SimRandom _rng;
    private readonly SimDomain[] _domains;
    private readonly Network _net;
    private readonly MemoryPool _pool = new();
    private readonly List<SimBuffer> _buffers = [];
    private readonly List<SimProxy> _proxies = [];
    private readonly List<SimProxy> _live = [];
    private readonly List<string> _trace = [];
    private readonly Profile _profile;
    private readonly TerminatedLane _terminatedLane;
    private readonly int _steps;
    private readonly int _crashWeight;
    private readonly int _closeWeight;
    private readonly List<Channel> _deliverable = [];
    private readonly List<(int Weight, Op Op)> _ops = [];

    private int _acting = Nobody;
    private int _step;
    private int _nextHandle;

    private ProtocolSimulation(ulong seed, SimOptions options)
    {
        _seed = seed;
        _options = options;
        _rng = new SimRandom(seed);
        _profile = options.Profile ?? (seed % 20) switch { 7 => Profile.Chain, 8 => Profile.FanOut, _ => Profile.Mixed };
        _terminatedLane = options.Terminated ?? (_rng.Chance(50) ? TerminatedLane.Ordinary : TerminatedLane.SameAsReturns);
        var count = _profile == Profile.Mixed ? _rng.Next(3, 9) : _rng.Next(4, 7);
        _domains = Enumerable.Range(0, count).Select(i => new SimDomain(i)).ToArray();
        _net = new Network(count);
        _steps = _profile == Profile.Mixed ? _rng.Next(150, 600) : options.DeepSteps;
        // Some seeds never crash or close early: long-lived sharing; others lose domains often.
        _crashWeight = _profile == Profile.Mixed ? _rng.Next(0, 3) : 0;
        _closeWeight = _profile == Profile.Mixed ? _rng.Next(0, 3) : 0;
        Log($"seed={seed} domains={count} profile={_profile} steps={_steps} terminated={_terminatedLane} " +
            $"forward={options.Forward} notices={options.Notices}");
    }

    private enum Op
    {
        Deliver, Allocate, Write, Share, Forward, Retain, Dispose, DropProxy, DropHandle, Transfer,
        Crash, Close, ReleaseHold, Flush, Slice,
    }

    public IReadOnlyList<string> Trace => _trace;

    public SimStats Stats { get; } = new();

    /// <summary>Runs one seed to the end; throws <see cref="SimulationFailure"/> on a broken invariant.</summary>
    public static ProtocolSimulation Run(ulong seed, SimOptions options)
    {
        var sim = new ProtocolSimulation(seed, options);
        sim.RunToEnd();
        return sim;
    }

    private DateTimeOffset Now => DateTimeOffset.UnixEpoch.AddTicks(_step);

    private void RunToEnd()
    {
        for (_step = 1; _step <= _steps; _step++)
        {
            RandomStep();
            _acting = Nobody;
            CheckInvariants();
        }
        CloseEverything();
        CheckNothingLeft();
        Stats.Steps = _step;
    }

    // ---------------------------------------------------------------- choosing a step

    private void RandomStep()
    {
        var open = _domains.Where(d => d.State == DomainState.Open).ToList();
        var roomy = open.Where(d => OwnedBy(d).Count() < MaxBuffersPerDomain).ToList();
        var owned = _buffers.Where(b => b.State == BufferState.Live && _domains[b.Owner].State == DomainState.Open).ToList();
        var holding = owned.Where(b => b.Ledger.OwnerHolds).ToList();
        var forwarders = Forwarders(_live.Where(p => p.Counted && _buffers[p.Buffer].State != BufferState.Revoked).ToList());
        var anyHandle = InFlightHandles().Any();
        var outboxes = PendingOutboxes().ToList();
        _net.Deliverable(_deliverable);
        var chain = _profile != Profile.Mixed;

        _ops.Clear();
        Add(_deliverable.Count > 0, chain ? 40 : 30, Op.Deliver);
        Add(roomy.Count > 0, chain ? 1 : 3, Op.Allocate);
        Add(owned.Count > 0, chain ? 0 : 2, Op.Write);
        Add(holding.Count > 0, chain ? (_live.Count == 0 ? 20 : 1) : 10, Op.Share);
        Add(forwarders.Count > 0, chain ? 30 : 8, Op.Forward);
        Add(_live.Count > 0, 3, Op.Retain);
        Add(_live.Count > 0, chain ? 1 : 7, Op.Dispose);
        Add(_live.Count > 0, chain ? 0 : 2, Op.DropProxy);
        Add(anyHandle, chain ? 0 : 1, Op.DropHandle);
        Add(holding.Any(b => !b.Frozen), chain ? 0 : 1, Op.Transfer);
        Add(open.Count > 2, _crashWeight, Op.Crash);
        Add(open.Count > 2, _closeWeight, Op.Close);
        Add(holding.Count > 0, chain ? 1 : 3, Op.ReleaseHold);
        Add(outboxes.Count > 0, chain ? 10 : 8, Op.Flush);
        Add(forwarders.Count > 0, chain ? 0 : 3, Op.Slice);
        if (_ops.Count == 0) return;

        var roll = _rng.Next(_ops.Sum(o => o.Weight));
        var op = _ops.First(o => (roll -= o.Weight) < 0).Op;
        switch (op)
        {
            case Op.Deliver: Deliver(_rng.Pick(_deliverable)); break;
            case Op.Allocate: Allocate(_rng.Pick(roomy)); break;
            case Op.Write: Write(_rng.Pick(owned)); break;
            case Op.Share: Share(_rng.Pick(holding), _rng.Pick(_domains)); break;
            case Op.Forward: Forward(PickForwarder(forwarders)); break;
            case Op.Retain: Retain(_rng.Pick(_live)); break;
            case Op.Dispose: Dispose(PickToLetGo()); break;
            case Op.DropProxy: DropProxy(PickToLetGo()); break;
            case Op.DropHandle: DropHandle(_rng.Pick(InFlightHandles().ToList())); break;
            case Op.Transfer: Transfer(_rng.Pick(holding.Where(b => !b.Frozen).ToList())); break;
            case Op.Crash: Crash(_rng.Pick(open)); break;
            case Op.Close: Close(_rng.Pick(open), force: _rng.Chance(25)); break;
            case Op.ReleaseHold: ReleaseHold(_rng.Pick(holding)); break;
            case Op.Flush: var (holder, owner) = _rng.Pick(outboxes); Flush(holder, owner); break;
            case Op.Slice: SliceProxy(_rng.Pick(forwarders)); break;
        }

        void Add(bool possible, int weight, Op kind)
        {
            if (possible && weight > 0) _ops.Add((weight, kind));
        }
    }

    /// <summary>
    /// The proxies that may forward now. A chain run forwards only from its tip, once: forwarding the tip
    /// again would widen the chain, not lengthen it; the next hop waits for the handle to be opened.
    /// </summary>
    private List<SimProxy> Forwarders(List<SimProxy> readable)
    {
        if (_profile != Profile.Chain || readable.Count == 0) return readable;
        var tip = readable.MaxBy(p => p.Hops)!;
        return tip.Forwards == 0 ? [tip] : [];
    }

    private SimProxy PickForwarder(List<SimProxy> forwarders) => _profile switch
    {
        Profile.FanOut when _rng.Chance(90) => forwarders.MaxBy(p => p.Forwards)!,
        _ => _rng.Pick(forwarders),
    };

    /// <summary>The deep profiles spare the proxy they are growing, so the chain or the fan gets long.</summary>
    private SimProxy PickToLetGo()
    {
        var spared = _profile switch
        {
            Profile.Chain => _live.MaxBy(p => p.Hops),
            Profile.FanOut => _live.MaxBy(p => p.Forwards),
            _ => null,
        };
        var candidates = _live.Where(p => p != spared).ToList();
        return candidates.Count > 0 ? _rng.Pick(candidates) : _rng.Pick(_live);
    }

    private IEnumerable<SimBuffer> OwnedBy(SimDomain d) =>
        _buffers.Where(b => b.Owner == d.Id && b.State == BufferState.Live);

    private IEnumerable<(Channel Channel, HandleMessage Handle)> InFlightHandles()
    {
        foreach (var channel in _net.Busy)
            foreach (var message in channel.Messages)
                if (message is HandleMessage handle) yield return (channel, handle);
    }

    private IEnumerable<(SimDomain Holder, int Owner)> PendingOutboxes()
    {
        foreach (var d in _domains)
        {
            if (d.State == DomainState.Dead) continue;
            foreach (var (owner, batch) in d.Outbox)
                if (batch.Count > 0) yield return (d, owner);
        }
    }

    // ---------------------------------------------------------------- owner operations

    private void Allocate(SimDomain d)
    {
        _acting = d.Id;
        var buffer = new SimBuffer(_buffers.Count, d.Id, _pool.Rent(_buffers.Count));
        _buffers.Add(buffer);
        Fill(buffer);
        Log($"d{d.Id} allocates b{buffer.Id} in block {buffer.Block.Id}");
    }

    private void Write(SimBuffer buffer)
    {
        _acting = buffer.Owner;
        if (buffer.Frozen)
        {
            // The real buffer throws BufferFrozenException: shared once means read-only for good.
            Log($"d{buffer.Owner} write to frozen b{buffer.Id} refused");
            return;
        }
        Fill(buffer);
        Log($"d{buffer.Owner} writes b{buffer.Id}");
    }

    private void Fill(SimBuffer buffer)
    {
        RequireActing(buffer.Owner, $"write b{buffer.Id}");
        for (var i = 0; i < buffer.Block.Bytes.Length; i++) buffer.Block.Bytes[i] = (byte)_rng.Next(256);
        buffer.Checksum = buffer.Block.Checksum();
    }

    private void Share(SimBuffer buffer, SimDomain target)
    {
        var owner = _domains[buffer.Owner];
        _acting = owner.Id;
        if (target == owner) return;
        if (target.State != DomainState.Open || owner.Reclaimed.Contains(target.Id))
        {
            Log($"d{owner.Id} refuses to share b{buffer.Id} with closed d{target.Id}");
            return;
        }
        // A whole lend or a slice; a refused slice (out of bounds) must take no effect, so nothing follows it.
        if (!TryPickRange(buffer, 0, MemoryBlock.Size, $"d{owner.Id}'s b{buffer.Id}", out var range)) return;
        LedgerOf(buffer).Share(target.Id, Now, out var weight);
        buffer.Frozen = true;
        Stats.Shares++;
        SendHandle(owner.Id, buffer, weight, target.Id, hops: 0, range);
    }

    private void ReleaseHold(SimBuffer buffer)
    {
        _acting = buffer.Owner;
        LedgerOf(buffer).ReleaseOwnerHold();
        Log($"d{buffer.Owner} lets go of b{buffer.Id} (out={buffer.Ledger.Outstanding})");
        FreeIfDone(buffer);
    }

    private void Transfer(SimBuffer buffer)
    {
        var from = buffer.Owner;
        _acting = from;
        var candidates = _domains.Where(d => d.Id != from && d.State == DomainState.Open).ToList();
        if (candidates.Count == 0) return;
        var to = _rng.Pick(candidates);
        LedgerOf(buffer); // the source's own count is dropped with its detached handle
        buffer.Owner = -1;
        buffer.State = BufferState.InTransfer;
        Stats.Transfers++;
        _net.Send(from, to.Id, Lane.Ordinary, new TransferMessage(buffer.Id));
        Log($"d{from} transfers b{buffer.Id} to d{to.Id}");
    }

    private void FreeIfDone(SimBuffer buffer)
    {
        if (buffer.State == BufferState.Live && buffer.Ledger.CanFree) Free(buffer);
    }

    private void Free(SimBuffer buffer)
    {
        RequireActing(buffer.Owner, $"free b{buffer.Id}");
        buffer.State = BufferState.Freed;
        _pool.Return(buffer.Block);
        Stats.Frees++;
        Log($"d{buffer.Owner} frees b{buffer.Id} (block {buffer.Block.Id} back to the pool)");
    }

    // ---------------------------------------------------------------- holder operations

    private void Forward(SimProxy proxy)
    {
        var holder = _domains[proxy.Holder];
        var buffer = _buffers[proxy.Buffer];
        _acting = holder.Id;
        var targets = _domains.Where(d => d.Id != holder.Id && d.Id != buffer.Owner).ToList();
        if (targets.Count == 0) return;
        var taker = _rng.Pick(targets);
        if (!TryPickRange(buffer, proxy.Offset, proxy.Length, proxy.ToString(), out var range)) return;
        proxy.Forwards++;
        Stats.Forwards++;
        Stats.MaxFanOut = Math.Max(Stats.MaxFanOut, proxy.Forwards);
        if (_options.Forward == ForwardScheme.NaiveAcquire)
        {
            Queue(holder, buffer.Owner, new AcquireMessage(buffer.Id, taker.Id, Weight.One));
            if (_options.Notices == NoticeTiming.FlushedBeforeHandle) Flush(holder, buffer.Owner);
            SendHandle(holder.Id, buffer, Weight.One, taker.Id, proxy.Hops + 1, range);
            return;
        }
        var given = HeldOf(holder, buffer.Id).SplitForForward();
        Queue(holder, buffer.Owner, new NoticeMessage(buffer.Id, holder.Id, taker.Id, given));
        if (_options.Notices == NoticeTiming.FlushedBeforeHandle)
        {
            Flush(holder, buffer.Owner);
            if (_crashWeight > 0 && _rng.Chance(3))
            {
                // The forwarder dies between its notice and its handle: the handle object is dropped unsent.
                Log($"d{holder.Id} crashes before sending its handle of b{buffer.Id} to d{taker.Id}");
                var unsent = new HandleMessage(_nextHandle++, buffer.Id, given, taker.Id, proxy.Hops + 1) { Offset = range.Offset, Length = range.Length };
                Crash(holder);
                _acting = DeadLetters;
                LoseHandle(unsent, addresseeDead: false);
                return;
            }
        }
        SendHandle(holder.Id, buffer, given, taker.Id, proxy.Hops + 1, range);
    }

    private void Retain(SimProxy proxy)
    {
        _acting = proxy.Holder;
        Count(proxy, +1);
        Log($"{proxy} retained");
    }

    private void Dispose(SimProxy proxy)
    {
        _acting = proxy.Holder;
        Count(proxy, -1);
        Log($"{proxy} disposed once");
        if (proxy.Count == 0) ReleaseProxy(proxy);
    }

    private void DropProxy(SimProxy proxy)
    {
        _acting = proxy.Holder;
        proxy.State = ProxyState.Dropped;
        _live.Remove(proxy);
        _net.SendAlone(proxy.Holder, Lane.Control, new FinalizeMessage(proxy.Id));
        Log($"{proxy} dropped without Dispose");
    }

    private void ReleaseProxy(SimProxy proxy)
    {
        var holder = _domains[proxy.Holder];
        RequireActing(holder.Id, $"release {proxy}");
        var buffer = _buffers[proxy.Buffer];
        _live.Remove(proxy);
        proxy.State = ProxyState.Released;
        if (!proxy.Counted) return; // the broken variant's slice: it never held any of the weight
        if (!HeldOf(holder, buffer.Id).ReleaseProxy(out var weight)) return;
        holder.Held.Remove(buffer.Id);
        Queue(holder, buffer.Owner, new ReturnMessage(buffer.Id, holder.Id, weight));
        Log($"d{holder.Id} let go of its last proxy of b{buffer.Id}: returns {weight}");
    }

    private void SendHandle(int from, SimBuffer buffer, Weight weight, int to, int hops, (int Offset, int Length) range)
    {
        var handle = new HandleMessage(_nextHandle++, buffer.Id, weight, to, hops)
        {
            Offset = range.Offset,
            Length = range.Length,
            RangeChecksum = buffer.Block.Checksum(range.Offset, range.Length),
        };
        if (Stats.Lightest.IsZero || (weight - Stats.Lightest).Sign < 0) Stats.Lightest = weight;
        _net.Send(from, to, Lane.Ordinary, handle);
        Log($"d{from} sends {handle}");
    }

    private void Queue(SimDomain holder, int owner, SimMessage message)
    {
        RequireActing(holder.Id, $"queue {message}");
        if (!holder.Outbox.TryGetValue(owner, out var batch)) holder.Outbox[owner] = batch = [];
        batch.Add(message);
    }

    private void Flush(SimDomain holder, int owner)
    {
        _acting = holder.Id;
        if (!holder.Outbox.TryGetValue(owner, out var batch) || batch.Count == 0) return;
        foreach (var message in batch) _net.Send(holder.Id, owner, Lane.Control, message);
        Log($"d{holder.Id} flushes {batch.Count} to d{owner}: {string.Join(", ", batch)}");
        batch.Clear();
    }
}
