using ActorInterp.Sharing.Protocol;

namespace ActorInterp.Sharing.Tests.Simulation;

// Delivery: what the network hands to a domain, and what the domain does with it.
internal sealed partial class ProtocolSimulation
{
    // ---------------------------------------------------------------- delivery

    private void Deliver(Channel channel)
    {
        var message = _net.Dequeue(channel);
        var receiver = _domains[channel.Receiver];
        Log($"deliver {channel}: {message}");
        if (receiver.State == DomainState.Dead)
        {
            _acting = DeadLetters;
            switch (message)
            {
                case HandleMessage handle: LoseHandle(handle, addresseeDead: true); break;
                case TransferMessage transfer: DropTransfer(_buffers[transfer.Buffer]); break;
            }
            return;
        }
        _acting = receiver.Id;
        switch (message)
        {
            case HandleMessage handle: Receive(receiver, handle); break;
            case ReturnMessage ret: Receive(receiver, ret); break;
            case NoticeMessage notice: Receive(receiver, notice); break;
            case AcquireMessage acquire: Receive(receiver, acquire); break;
            case TerminatedMessage terminated: Receive(receiver, terminated); break;
            case FinalizeMessage finalize: Receive(receiver, _proxies[finalize.Proxy]); break;
            case TransferMessage transfer: Receive(receiver, _buffers[transfer.Buffer]); break;
        }
    }

    private void Receive(SimDomain holder, HandleMessage handle)
    {
        // A closing domain refuses it; an open one sometimes disposes it unopened: both give it back.
        if (holder.State != DomainState.Open || _rng.Chance(_profile == Profile.Mixed ? 5 : 0))
        {
            LoseHandle(handle, addresseeDead: false);
            return;
        }
        if (!holder.Held.TryGetValue(handle.Buffer, out var held)) holder.Held[handle.Buffer] = held = new HeldWeight();
        RequireActing(holder.Id, $"open {handle}");
        held.Open(handle.Weight);
        var proxy = new SimProxy(_proxies.Count, holder.Id, handle.Buffer, handle.Hops)
        {
            Offset = handle.Offset,
            Length = handle.Length,
            RangeChecksum = handle.RangeChecksum,
        };
        _proxies.Add(proxy);
        _live.Add(proxy);
        Stats.MaxHops = Math.Max(Stats.MaxHops, proxy.Hops);
        Log($"d{holder.Id} opens {handle} as {proxy} (held {held.Weight})");
    }

    private void Receive(SimDomain owner, ReturnMessage ret)
    {
        var buffer = OwnedAt(owner, ret.Buffer, ret);
        var reclaimed = owner.Reclaimed.Contains(ret.OnBehalfOf);
        var outcome = LedgerOf(buffer).Return(ret.OnBehalfOf, ret.Weight, reclaimed);
        if (outcome == ReturnOutcome.Overdrawn)
            Fail(FailureKind.Overdrawn, $"{ret} overdraws {buffer}: a double return or an early one");
        if (outcome == ReturnOutcome.IgnoredReclaimed) Stats.IgnoredReturns++;
        AfterOwnerChange(owner, buffer);
    }

    private void Receive(SimDomain owner, NoticeMessage notice)
    {
        var buffer = OwnedAt(owner, notice.Buffer, notice);
        // The ledger asserts this too; checked here so a broken order fails the seed, not the test host.
        if (owner.Reclaimed.Contains(notice.Giver))
            Fail(FailureKind.Ordering, $"{notice} arrived after its giver's death was processed");
        LedgerOf(buffer).Notice(notice.Giver, notice.Taker, notice.Weight, giverReclaimed: false,
            takerReclaimed: owner.Reclaimed.Contains(notice.Taker), Now);
        AfterOwnerChange(owner, buffer);
    }

    private void Receive(SimDomain owner, AcquireMessage acquire)
    {
        var buffer = OwnedAt(owner, acquire.Buffer, acquire);
        if (owner.Reclaimed.Contains(acquire.Taker)) return;
        LedgerOf(buffer).Share(acquire.Taker, Now, out _);
        AfterOwnerChange(owner, buffer);
    }

    private void Receive(SimDomain owner, TerminatedMessage terminated)
    {
        owner.Reclaimed.Add(terminated.Domain);
        // Freed buffers' ledgers are reclaimed too (the real owner has forgotten them): nothing may move there.
        foreach (var buffer in _buffers.Where(b => b.Owner == owner.Id && b.State is BufferState.Live or BufferState.Freed).ToList())
        {
            if (owner.State == DomainState.Dead) break; // finished draining midway: it has forgotten the rest
            var taken = LedgerOf(buffer).Reclaim(terminated.Domain);
            if (!taken.IsZero) Log($"d{owner.Id} reclaims {taken} of b{buffer.Id} from d{terminated.Domain}");
            AfterOwnerChange(owner, buffer);
        }
        FinishDrain(owner);
    }

    private void Receive(SimDomain holder, SimProxy proxy)
    {
        // The finalizer's post: released on the holder's thread as if disposed. A closing holder has let go of all.
        if (holder.State != DomainState.Open || proxy.State != ProxyState.Dropped) return;
        Stats.Finalized++;
        _live.Add(proxy); // ReleaseProxy takes it out again
        ReleaseProxy(proxy);
    }

    private void Receive(SimDomain to, SimBuffer buffer)
    {
        if (to.State != DomainState.Open)
        {
            DropTransfer(buffer);
            return;
        }
        buffer.Owner = to.Id;
        buffer.State = BufferState.Live;
        buffer.Ledger = new BorrowLedger();
        Log($"d{to.Id} now owns b{buffer.Id}");
    }

    /// <summary>A transfer nobody takes: the buffer was never shared, so nobody can read it; back to the pool.</summary>
    private void DropTransfer(SimBuffer buffer)
    {
        buffer.State = BufferState.Freed;
        _pool.Return(buffer.Block);
        Stats.Frees++;
        Log($"transfer of b{buffer.Id} dropped: block {buffer.Block.Id} back to the pool");
    }

    private SimBuffer OwnedAt(SimDomain owner, int bufferId, SimMessage message)
    {
        var buffer = _buffers[bufferId];
        if (buffer.Owner != owner.Id || buffer.State is not (BufferState.Live or BufferState.Freed))
            Fail(FailureKind.Ordering, $"{message} reached d{owner.Id}, which does not own {buffer}");
        return buffer;
    }

    private void AfterOwnerChange(SimDomain owner, SimBuffer buffer)
    {
        var outstanding = buffer.Ledger.Outstanding;
        if (outstanding.Sign < 0) Fail(FailureKind.Overdrawn, $"{buffer}: outstanding below zero");
        if (buffer.State == BufferState.Freed && !outstanding.IsZero)
            Fail(FailureKind.Overdrawn, $"{buffer}: count moved after the free");
        FreeIfDone(buffer);
        FinishDrain(owner);
    }
}
