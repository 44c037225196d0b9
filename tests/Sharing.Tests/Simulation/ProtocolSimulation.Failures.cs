using ActorInterp.Sharing.Protocol;

namespace ActorInterp.Sharing.Tests.Simulation;

// Losses and failures: handles dropped or lost, domains that crash, close or die.
internal sealed partial class ProtocolSimulation
{
    // ---------------------------------------------------------------- losses and failures

    private void DropHandle((Channel Channel, HandleMessage Handle) inFlight)
    {
        _net.Lose(inFlight.Channel, inFlight.Handle);
        _acting = DeadLetters;
        Log($"{inFlight.Handle} lost on the way");
        LoseHandle(inFlight.Handle, addresseeDead: _domains[inFlight.Handle.Addressee].State == DomainState.Dead);
    }

    /// <summary>
    /// A handle that will never be opened gives its weight back on behalf of its addressee, from whatever
    /// thread dropped it (ordered with nothing). One to a dead addressee may also vanish: the death covers it.
    /// </summary>
    private void LoseHandle(HandleMessage handle, bool addresseeDead)
    {
        Stats.LostHandles++;
        if (addresseeDead && _rng.Chance(50))
        {
            Log($"{handle} vanishes with its dead addressee");
            return;
        }
        var owner = _buffers[handle.Buffer].Owner;
        _net.SendAlone(owner, Lane.Control, new ReturnMessage(handle.Buffer, handle.Addressee, handle.Weight));
        Log($"{handle} returned on behalf of d{handle.Addressee}");
    }

    private void Crash(SimDomain d)
    {
        _acting = d.Id;
        Stats.Crashes++;
        // Everything the domain had in hand goes with it: unflushed outbox, held weights, proxies.
        d.Outbox.Clear();
        d.Held.Clear();
        foreach (var proxy in _live.Where(p => p.Holder == d.Id).ToList())
        {
            proxy.State = ProxyState.Gone;
            _live.Remove(proxy);
        }
        // Its buffers are revoked: readers elsewhere get OwnerClosedException and the memory is never pooled.
        foreach (var buffer in OwnedBy(d).ToList()) buffer.State = BufferState.Revoked;
        Log($"d{d.Id} crashes");
        Die(d);
    }

    private void Close(SimDomain d, bool force)
    {
        _acting = d.Id;
        Stats.Closes++;
        Log($"d{d.Id} closes ({(force ? "force" : "drain")})");
        foreach (var proxy in _live.Where(p => p.Holder == d.Id).ToList())
        {
            proxy.State = ProxyState.Released;
            _live.Remove(proxy);
        }
        foreach (var (bufferId, held) in d.Held.ToList())
        {
            RequireActing(d.Id, $"release all of b{bufferId}");
            var weight = held.ReleaseAll();
            if (!weight.IsZero) Queue(d, _buffers[bufferId].Owner, new ReturnMessage(bufferId, d.Id, weight));
        }
        d.Held.Clear();
        foreach (var owner in d.Outbox.Keys.ToList()) Flush(d, owner);
        d.State = DomainState.Draining;
        if (force)
        {
            foreach (var buffer in OwnedBy(d).ToList())
            {
                LedgerOf(buffer).RevokeAll();
                buffer.State = BufferState.Revoked;
                Log($"d{d.Id} revokes b{buffer.Id}");
            }
            Die(d);
            return;
        }
        FinishDrain(d);
    }

    /// <summary>A draining owner frees everything once nothing it owns is borrowed, then stops.</summary>
    private void FinishDrain(SimDomain d)
    {
        if (d.State != DomainState.Draining) return;
        var mine = OwnedBy(d).ToList();
        if (mine.Any(b => b.Ledger.HasBorrows)) return;
        RequireActing(d.Id, "finish draining");
        foreach (var buffer in mine) Free(buffer);
        Die(d);
    }

    private void Die(SimDomain d)
    {
        d.State = DomainState.Dead;
        Log($"d{d.Id} is dead");
        var lane = _terminatedLane == TerminatedLane.Ordinary ? Lane.Ordinary : Lane.Control;
        foreach (var other in _domains)
            if (other != d) _net.Send(d.Id, other.Id, lane, new TerminatedMessage(d.Id));
    }
}
