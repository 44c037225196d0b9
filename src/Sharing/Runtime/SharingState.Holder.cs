using ActorInterp.Domains;
using Akka.Event;
using Debug = System.Diagnostics.Debug;

namespace ActorInterp.Sharing;

// The holder role: the domain's borrows of others' buffers, and the returns and notices it owes their owners.
internal sealed partial class SharingState
{
    // Borrows with live proxies. A borrow's entry is found from the buffer: the first holder's entry is kept
    // on the buffer itself; a domain that is not a buffer's first holder keeps its entry in the dictionary.
    private readonly HeldList _held = new();
    private Dictionary<OwnedBuffer, HeldEntry>? _heldElsewhere;

    // One outbox per owner ever returned to; the last one used is looked at first (most holders return to one owner).
    private readonly Dictionary<int, ReturnOutbox> _outboxes = [];
    private readonly List<ReturnOutbox> _pendingOutboxes = [];
    private ReturnOutbox? _lastOutbox;
    private readonly FlushOutbox _flushMessage;
    private bool _flushPosted;

    internal BufferProxy Open(BufferHandle handle)
    {
        var buffer = handle.Buffer;
        var entry = EntryFor(buffer);
        if (!entry.Listed) _held.Add(entry);
        entry.Open(handle.Weight);
        SharingCounters.Add(ref _counters.ProxiesOpened, 1);
        // A parked handle was counted for its parking place; tell the owner who holds it now. The notice
        // travels before any return of this holder, so the owner never sees the return first from here.
        if (handle.Target is null)
            Send(buffer.Owner, ProtocolItem.Notice(buffer, handle.AddresseeId, _domain.Id, _domain, handle.Weight));
        var site = _options.TrackLeakSites ? Environment.StackTrace : null;
        return new BufferProxy(entry, _domain, site, handle.Offset, handle.Length);
    }

    // This domain's entry for the buffer: the one kept on the buffer when this domain was its first holder
    // (made again if that one was released as the domain closed: the proxies left from before must stay
    // refused), else the one in _heldElsewhere, else a new one.
    private HeldEntry EntryFor(OwnedBuffer buffer)
    {
        var first = buffer.FirstHolderEntry;
        if (first is null || (first.Holder == _domain && first.Released))
        {
            var entry = new HeldEntry(buffer, _domain);
            // Only this domain replaces its own entry; a claim of an empty place can lose to another holder.
            if (buffer.TrySetFirstHolderEntry(entry, first)) return entry;
            first = buffer.FirstHolderEntry;
        }
        if (first!.Holder == _domain) return first;
        _heldElsewhere ??= [];
        if (!_heldElsewhere.TryGetValue(buffer, out var elsewhere))
        {
            elsewhere = new HeldEntry(buffer, _domain);
            _heldElsewhere.Add(buffer, elsewhere);
        }
        return elsewhere;
    }

    internal BufferHandle Forward(HeldEntry entry, Domain target, int offset, int length)
    {
        var buffer = entry.Buffer;
        if (target.Runtime != _domain.Runtime)
            throw new ArgumentException($"Domain '{target.Name}' belongs to another runtime; buffers are shared within one runtime.", nameof(target));
        if (target == _domain)
            throw new ArgumentException($"Cannot pass {buffer} from '{_domain.Name}' to itself; use Retain for another reference.", nameof(target));
        if (target.State != DomainState.Running) SharingThrow.TargetClosed(target, _domain, $"pass on {buffer}");
        var weight = entry.SplitForForward();
        Send(buffer.Owner, ProtocolItem.Notice(buffer, _domain.Id, target.Id, target, weight));
        return new BufferHandle(buffer, target, weight, offset, length);
    }

    /// <summary>Passes a held buffer on into a parking place (a queue a layer above keeps).</summary>
    internal BufferHandle ForwardParked(HeldEntry entry, int parkingId, int offset, int length)
    {
        Debug.Assert(parkingId < 0);
        var weight = entry.SplitForForward();
        Send(entry.Buffer.Owner, ProtocolItem.Notice(entry.Buffer, _domain.Id, parkingId, null, weight));
        return new BufferHandle(entry.Buffer, parkingId, weight, offset, length);
    }

    internal void ReleaseProxy(HeldEntry entry)
    {
        if (entry.Released) return; // the holder already gave everything back as it closed
        if (!entry.ReleaseProxy(out var weight)) return;
        _held.Remove(entry);
        if (entry.Buffer.FirstHolderEntry != entry) _heldElsewhere!.Remove(entry.Buffer);
        Send(entry.Buffer.Owner, ProtocolItem.Return(entry.Buffer, _domain, weight));
    }

    internal void ReportFinalized(HeldEntry entry, string? openedAt)
    {
        SharingCounters.Add(ref _counters.ProxiesFinalized, 1);
        _domain.Log.Warning(
            "A proxy of {0} owned by '{1}' and held by '{2}' was collected without Dispose; its borrow is returned now.{3}",
            entry.Buffer, entry.Buffer.Owner.Name, _domain.Name,
            openedAt is null ? " (Set SharingOptions.TrackLeakSites to log where it was opened.)" : $" Opened at:\n{openedAt}");
    }

    private void Send(Domain owner, in ProtocolItem item)
    {
        var outbox = OutboxFor(owner);
        var count = outbox.Add(item);
        if (!Coalesce || item.Kind == ProtocolKind.Notice || count == MaxBatch)
        {
            // A notice leaves at once, behind this holder's earlier returns to the same owner: the handle it
            // accounts for may already be on its way, and if this domain crashed before the end of its turn
            // a notice left in the outbox would be lost while the weight it moved is still read elsewhere.
            // (A lost return is harmless: the reclaim after the crash counts it.) A full batch leaves too, so
            // that the owner applies one batch while the holder fills the next.
            outbox.Send();
            return;
        }
        if (outbox.Pending) return;
        outbox.Pending = true;
        _pendingOutboxes.Add(outbox);
        // The domain actor flushes at the end of its own turn; a turn of another actor of the domain
        // (an actor placed in it) has no such hook, so a flush is queued in the control lane instead.
        if (!_domain.InOwnTurn && !_flushPosted)
        {
            _flushPosted = true;
            _domain.SendInternal(_flushMessage); // one at a time (_flushPosted), so the one message is reused
        }
    }

    private ReturnOutbox OutboxFor(Domain owner)
    {
        if (_lastOutbox is { } last && last.Owner == owner) return last;
        if (!_outboxes.TryGetValue(owner.Id, out var outbox)) _outboxes.Add(owner.Id, outbox = new ReturnOutbox(owner, Coalesce ? MaxBatch : 1));
        return _lastOutbox = outbox;
    }

    internal void FlushOutbox()
    {
        _flushPosted = false;
        if (_pendingOutboxes.Count == 0) return;
        foreach (var outbox in _pendingOutboxes)
        {
            outbox.Send();
            outbox.Pending = false;
        }
        // Cleared only after every send: one that threw leaves the list as it was, to be sent again.
        _pendingOutboxes.Clear();
    }

    private int ReleaseAllHeld()
    {
        var released = 0;
        foreach (var entry in _held.TakeAll())
        {
            entry.Released = true;
            var weight = entry.ReleaseAll();
            if (weight.IsZero) continue;
            released++;
            Send(entry.Buffer.Owner, ProtocolItem.Return(entry.Buffer, _domain, weight));
        }
        _heldElsewhere?.Clear();
        FlushOutbox();
        return released;
    }

    // A crash gives nothing back: the outboxes are emptied and the owners reclaim through DeathWatch.
    private void ForgetHeldOnCrash()
    {
        foreach (var outbox in _pendingOutboxes)
        {
            outbox.Discard();
            outbox.Pending = false;
        }
        _pendingOutboxes.Clear();
        foreach (var entry in _held.TakeAll()) entry.Released = true;
        _heldElsewhere?.Clear();
    }
}
