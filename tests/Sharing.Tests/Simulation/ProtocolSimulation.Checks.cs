using ActorInterp.Sharing.Protocol;

namespace ActorInterp.Sharing.Tests.Simulation;

// The invariants checked after every step, the end of a run, and its trace.
internal sealed partial class ProtocolSimulation
{
    // ---------------------------------------------------------------- invariant 4: who touches which count

    private BorrowLedger LedgerOf(SimBuffer buffer)
    {
        RequireActing(buffer.Owner, $"owner count of b{buffer.Id}");
        return buffer.Ledger;
    }

    private HeldWeight HeldOf(SimDomain holder, int bufferId)
    {
        RequireActing(holder.Id, $"held weight of b{bufferId}");
        return holder.Held[bufferId];
    }

    private void Count(SimProxy proxy, int delta)
    {
        RequireActing(proxy.Holder, $"local count of {proxy}");
        proxy.Count += delta;
    }

    private void RequireActing(int domain, string what)
    {
        if (_acting != domain)
            Fail(FailureKind.WrongDomain, $"{what} belongs to d{domain} but was touched by {ActingName(_acting)}");
    }

    private static string ActingName(int acting) => acting switch
    {
        Nobody => "no domain",
        FinalizerThread => "the finalizer",
        DeadLetters => "the dead-letter thread",
        _ => $"d{acting}",
    };

    // ---------------------------------------------------------------- invariants

    private void CheckInvariants()
    {
        foreach (var proxy in _live)
        {
            CheckReadable(_buffers[proxy.Buffer], proxy);
            CheckRange(_buffers[proxy.Buffer], proxy.Offset, proxy.Length, proxy.RangeChecksum, proxy);
        }
        foreach (var (_, handle) in InFlightHandles())
        {
            if (_domains[handle.Addressee].State == DomainState.Dead) continue;
            CheckReadable(_buffers[handle.Buffer], handle);
            CheckRange(_buffers[handle.Buffer], handle.Offset, handle.Length, handle.RangeChecksum, handle);
        }

        foreach (var buffer in _buffers)
        {
            if (buffer.State != BufferState.Live && buffer.State != BufferState.Revoked) continue;
            if (buffer.Block.Tenant != buffer.Id)
                Fail(FailureKind.Corrupted, $"{buffer}: block {buffer.Block.Id} now belongs to b{buffer.Block.Tenant}");
            if (buffer.Frozen && buffer.Block.Checksum() != buffer.Checksum)
                Fail(FailureKind.FrozenChanged, $"{buffer}: frozen bytes changed");
        }

        // Sums of deep weights are BigInteger work: the deep profiles check coverage every 16th step only.
        if (_options.CheckCoverage && (_profile == Profile.Mixed || _step % 16 == 0)) CheckCoverage();
    }

    private void CheckReadable(SimBuffer buffer, object reader)
    {
        if (buffer.State == BufferState.Revoked) return; // reads throw OwnerClosedException, memory stays put
        if (buffer.State != BufferState.Live)
            Fail(FailureKind.EarlyFree, $"{buffer} was freed while {reader} can still read it");
        // Its bytes (block tenant and checksum) are checked once per live buffer, below.
    }

    /// <summary>Each live buffer's outstanding total must cover every weight still readable.</summary>
    private void CheckCoverage()
    {
        var readable = new Dictionary<int, Weight>();
        foreach (var d in _domains)
        {
            if (d.State == DomainState.Dead) continue;
            foreach (var (bufferId, held) in d.Held) Add(bufferId, held.Weight);
        }
        foreach (var (_, handle) in InFlightHandles())
            if (_domains[handle.Addressee].State != DomainState.Dead) Add(handle.Buffer, handle.Weight);
        foreach (var (bufferId, weight) in readable)
        {
            var buffer = _buffers[bufferId];
            if (buffer.State != BufferState.Live) continue;
            if ((buffer.Ledger.Outstanding - weight).Sign < 0)
                Fail(FailureKind.Undercount, $"{buffer}: outstanding is below the {weight} still readable");
        }

        void Add(int bufferId, Weight weight) =>
            readable[bufferId] = readable.TryGetValue(bufferId, out var sum) ? sum + weight : weight;
    }

    // ---------------------------------------------------------------- the end

    /// <summary>Closes every domain (mostly draining) while the network keeps delivering, until all is quiet.</summary>
    private void CloseEverything()
    {
        Log("closing everything");
        while (true)
        {
            _step++;
            var open = _domains.Where(d => d.State == DomainState.Open).ToList();
            var outboxes = PendingOutboxes().ToList();
            _net.Deliverable(_deliverable);
            if (open.Count == 0 && outboxes.Count == 0 && _deliverable.Count == 0) break;

            if (open.Count > 0 && (_rng.Chance(10) || (outboxes.Count == 0 && _deliverable.Count == 0)))
            {
                var d = _rng.Pick(open);
                if (_crashWeight > 0 && _rng.Chance(10)) Crash(d);
                else Close(d, force: _rng.Chance(15));
            }
            else if (outboxes.Count > 0 && (_deliverable.Count == 0 || _rng.Chance(30)))
            {
                var (holder, owner) = _rng.Pick(outboxes);
                Flush(holder, owner);
            }
            else Deliver(_rng.Pick(_deliverable));
            _acting = Nobody;
            CheckInvariants();
        }
    }

    private void CheckNothingLeft()
    {
        foreach (var d in _domains)
        {
            if (d.State != DomainState.Dead)
            {
                var stuck = string.Join(", ", OwnedBy(d).Where(b => b.Ledger.HasBorrows));
                Fail(FailureKind.Leak, $"d{d.Id} never finished closing; still borrowed: {stuck}");
            }
            if (d.Held.Count > 0) Fail(FailureKind.Leak, $"d{d.Id} still holds weight");
        }
        if (!_net.IsEmpty) Fail(FailureKind.Leak, "messages still in flight");
        if (_live.Count > 0) Fail(FailureKind.Leak, $"proxies still live: {string.Join(", ", _live)}");
        foreach (var buffer in _buffers)
        {
            if (buffer.State is not (BufferState.Freed or BufferState.Revoked))
                Fail(FailureKind.Leak, $"{buffer} neither freed nor revoked");
            if (buffer.State == BufferState.Freed && !buffer.Ledger.Outstanding.IsZero)
                Fail(FailureKind.Leak, $"{buffer} freed with weight outstanding");
        }
        var revoked = _buffers.Count(b => b.State == BufferState.Revoked);
        if (_pool.Pooled + revoked != _pool.Created)
            Fail(FailureKind.Leak, $"pool: {_pool.Pooled} pooled + {revoked} revoked != {_pool.Created} blocks");
    }

    // ---------------------------------------------------------------- trace

    private void Log(string text) => _trace.Add($"{_step}: {text}");

    private void Fail(FailureKind kind, string detail)
    {
        var tail = _trace.Skip(Math.Max(0, _trace.Count - TraceTail));
        throw new SimulationFailure(_seed, kind,
            $"seed {_seed}: {kind}: {detail}\n" +
            $"options: {_options}\n" +
            $"replay: ACTORINTERP_SIM_SEED={_seed} ACTORINTERP_SIM_SEEDS=1 dotnet test tests/Sharing.Tests --filter FullyQualifiedName~ProtocolSimulation\n" +
            $"last {TraceTail} events:\n  " + string.Join("\n  ", tail));
    }
}
