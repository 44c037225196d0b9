using ActorInterp.Domains;
using ActorInterp.Sharing.Protocol;
using Akka.Event;
using Debug = System.Diagnostics.Debug;

namespace ActorInterp.Sharing;

/// <summary>
/// A domain's sharing state, in both of its roles: as an owner (its buffers and their ledgers, the holders
/// it knows are gone) and as a holder (its borrows, and the outbox of returns and notices it owes to each
/// owner). Lives on the domain's thread; every member runs there.
/// </summary>
internal sealed partial class SharingState : DomainComponent
{
    private static readonly DomainComponentKey<SharingState> Key = new(static d => new SharingState(d));

    /// <summary>Most returns that wait in one batch before it leaves (a turn's end sends the rest).</summary>
    private const int MaxBatch = 256;

    private readonly Domain _domain;
    private readonly SharingCounters _counters = new();
    private readonly SharingOptions _options;

    // Owner role.
    private readonly Dictionary<long, OwnedBuffer> _owned = [];
    private readonly HashSet<int> _reclaimed = [];
    private readonly Dictionary<int, Domain> _holders = [];
    private bool _holdersDirty;
    // Buffers each holder has a non-zero attribution in, kept as the ledgers report changes, so that
    // publishing BorrowsByHolder costs the number of holders, not the number of buffers owned.
    private readonly Dictionary<int, long> _borrowedByHolder = [];
    private readonly Action<int, int> _holderChanged;

    // Holder role.
    private readonly Dictionary<OwnedBuffer, HeldEntry> _held = [];
    private readonly Dictionary<Domain, List<ProtocolItem>> _outbox = [];
    private bool _outboxPending;
    private bool _flushPosted;

    private SharingState(Domain domain)
    {
        _domain = domain;
        _options = domain.Runtime.GetSharingOptions();
        _holderChanged = OnHolderChanged;
        SharingMetrics.Include(domain.Runtime);
    }

    /// <summary>The domain's sharing state, made on first use. The domain's thread only.</summary>
    internal static SharingState For(Domain domain) => domain.GetComponent(Key);

    /// <summary>The domain's sharing figures; <see cref="SharingCounters.None"/> if it never used sharing. Any thread.</summary>
    internal static SharingCounters CountersOf(Domain domain) => domain.PeekComponent(Key)?._counters ?? SharingCounters.None;

    /// <summary>The sharing settings of the domain's runtime.</summary>
    internal SharingOptions Options => _options;

    private bool Coalesce => _options.CoalesceReturns;

    // ---- owner role --------------------------------------------------------------------------------

    internal SharedBuffer Allocate(int length, bool clear)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var limit = _options.MaxBufferLength;
        if (length > limit)
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"A shared buffer of {length} bytes is over the runtime's limit of {limit} bytes (SharingOptions.MaxBufferLength).");
        var array = _options.BufferPool.Rent(length);
        if (clear) Array.Clear(array, 0, length);
        var buffer = new OwnedBuffer(_domain, array, length);
        Adopt(buffer);
        return new SharedBuffer(buffer);
    }

    private void Adopt(OwnedBuffer buffer)
    {
        buffer.Ledger.HolderChanged = _holderChanged;
        _owned.Add(buffer.Id, buffer);
        SharingCounters.Add(ref _counters.OwnedBuffers, 1);
        SharingCounters.Add(ref _counters.OwnedBytes, buffer.Length);
        SharingCounters.Add(ref _counters.BuffersAllocated, 1);
    }

    internal BufferHandle Share(OwnedBuffer buffer, Domain target, int offset, int length)
    {
        Debug.Assert(_domain.IsCurrent && buffer.Owner == _domain);
        CheckTarget(target, "share");
        if (_domain.State != DomainState.Running) SharingThrow.OwnerNotRunning(_domain, $"share {buffer}");
        if (IsReclaimed(target.Id)) SharingThrow.TargetClosed(target, _domain, $"share {buffer}");
        var weight = ShareCore(buffer, target.Id, target);
        return new BufferHandle(buffer, target, weight, offset, length);
    }

    /// <summary>Shares into a parking place (a queue a layer above keeps): the domain that receives the handle opens it.</summary>
    internal BufferHandle ShareParked(OwnedBuffer buffer, int parkingId, int offset, int length)
    {
        Debug.Assert(_domain.IsCurrent && buffer.Owner == _domain && parkingId < 0);
        if (_domain.State != DomainState.Running) SharingThrow.OwnerNotRunning(_domain, $"share {buffer}");
        var weight = ShareCore(buffer, parkingId, null);
        return new BufferHandle(buffer, parkingId, weight, offset, length);
    }

    private Weight ShareCore(OwnedBuffer buffer, int holderId, Domain? holder)
    {
        buffer.Frozen = true;
        buffer.Ledger.Share(holderId, DateTimeOffset.UtcNow, out var weight);
        if (holder is not null) Know(holder);
        SharingCounters.Add(ref _counters.SharesMade, 1);
        return weight;
    }

    internal BufferTransfer Transfer(OwnedBuffer buffer, Domain target)
    {
        Debug.Assert(_domain.IsCurrent && !buffer.Frozen && !buffer.Ledger.HasBorrows);
        CheckTarget(target, "transfer");
        _owned.Remove(buffer.Id);
        SharingCounters.Add(ref _counters.OwnedBuffers, -1);
        SharingCounters.Add(ref _counters.OwnedBytes, -buffer.Length);
        SharingCounters.Add(ref _counters.TransfersOut, 1);
        return new BufferTransfer(buffer, _domain, target);
    }

    internal SharedBuffer AcceptTransfer(BufferTransfer transfer)
    {
        var buffer = transfer.Buffer;
        buffer.Owner = _domain;
        Adopt(buffer);
        SharingCounters.Add(ref _counters.TransfersIn, 1);
        return new SharedBuffer(buffer);
    }

    internal void ReturnToPool(OwnedBuffer buffer)
    {
        buffer.MarkFreed();
        _options.BufferPool.Return(buffer.Array);
        NotifyFreed(buffer);
    }

    private void NotifyFreed(OwnedBuffer buffer)
    {
        var onFreed = buffer.OnFreed;
        if (onFreed is null) return;
        buffer.OnFreed = null;
        try
        {
            onFreed();
        }
        catch (Exception ex)
        {
            // Same contract as a posted call: the protocol message that caused the free must still finish.
            _domain.ReportPostFailure(ex);
        }
    }

    internal void ReleaseOwnerHold(OwnedBuffer buffer)
    {
        buffer.Ledger.ReleaseOwnerHold();
        FreeIfDone(buffer);
    }

    /// <summary>Applies a holder's returns and notices, in order.</summary>
    internal void Apply(ProtocolBatch batch)
    {
        SharingCounters.Add(ref _counters.ReturnMessagesReceived, 1);
        foreach (var item in batch.Items)
        {
            var buffer = item.Buffer;
            if (buffer.Owner != _domain || buffer.IsFreed || buffer.IsRevoked) continue; // revoked: the close forgot every borrow
            switch (item.Kind)
            {
                case ProtocolKind.Return:
                case ProtocolKind.Lost:
                    ApplyReturn(buffer, item);
                    break;
                case ProtocolKind.Notice:
                    buffer.Ledger.Notice(item.HolderId, item.TakerId, item.Weight,
                        IsReclaimed(item.HolderId), IsReclaimed(item.TakerId), DateTimeOffset.UtcNow);
                    SharingCounters.Add(ref _counters.ForwardNotices, 1);
                    break;
            }
            if (item.Taker is { } taker && !IsReclaimed(taker.Id)) Know(taker);
            FreeIfDone(buffer);
        }
    }

    private void ApplyReturn(OwnedBuffer buffer, in ProtocolItem item)
    {
        if (item.Kind == ProtocolKind.Lost) SharingCounters.Add(ref _counters.HandlesLost, 1);
        switch (buffer.Ledger.Return(item.HolderId, item.Weight, IsReclaimed(item.HolderId)))
        {
            case ReturnOutcome.Applied:
                SharingCounters.Add(ref _counters.ReturnsReceived, 1);
                break;
            case ReturnOutcome.IgnoredReclaimed:
                SharingCounters.Add(ref _counters.ReturnsIgnoredAfterReclaim, 1);
                break;
            case ReturnOutcome.Overdrawn:
                SharingCounters.Add(ref _counters.ReturnsRefused, 1);
                _domain.Log.Error("Domain '{0}' refused a return of {1} shares of {2} from '{3}': more than is out (a double return).",
                    _domain.Name, item.Weight, buffer, HolderName(item.HolderId));
                break;
        }
    }

    private void FreeIfDone(OwnedBuffer buffer)
    {
        if (!buffer.Ledger.HasBorrows && !buffer.IsFreed) buffer.BorrowsReturned?.Invoke(buffer);
        if (!buffer.Ledger.CanFree || buffer.IsFreed) return;
        Free(buffer);
    }

    private void Free(OwnedBuffer buffer)
    {
        Debug.Assert(_domain.IsCurrent, "memory goes back to the pool on its owner's thread");
        _owned.Remove(buffer.Id);
        SharingCounters.Add(ref _counters.OwnedBuffers, -1);
        SharingCounters.Add(ref _counters.OwnedBytes, -buffer.Length);
        SharingCounters.Add(ref _counters.BuffersFreed, 1);
        if (buffer.IsRevoked)
        {
            // A revoked buffer may still be read by a proxy that has not noticed; its memory is left to
            // the collector, never handed to the pool for reuse.
            buffer.MarkFreed();
            NotifyFreed(buffer);
            return;
        }
        ReturnToPool(buffer);
    }

    /// <summary>Remembers a holder's name and watches it: its death must give its borrows back.</summary>
    // Most owners never see a holder die: skip the lookup then (it sits on every return).
    private bool IsReclaimed(int holder) => _reclaimed.Count != 0 && _reclaimed.Contains(holder);

    private void Know(Domain holder)
    {
        _holders.TryAdd(holder.Id, holder);
        _domain.Watch(holder);
    }

    private void OnHolderChanged(int holder, int delta)
    {
        SharingCounters.Add(ref _counters.BorrowsOut, delta);
        var n = _borrowedByHolder.GetValueOrDefault(holder) + delta;
        if (n == 0) _borrowedByHolder.Remove(holder);
        else _borrowedByHolder[holder] = n;
        _holdersDirty = true;
    }

    private void CheckTarget(Domain target, string operation)
    {
        if (target.Runtime != _domain.Runtime)
            throw new ArgumentException($"Domain '{target.Name}' belongs to another runtime; buffers are shared within one runtime.", nameof(target));
        if (target == _domain)
            throw new ArgumentException($"Cannot {operation} a buffer of '{_domain.Name}' to itself; use it directly.", nameof(target));
        if (target.State != DomainState.Running) SharingThrow.TargetClosed(target, _domain, operation);
    }

    // ---- holder role -------------------------------------------------------------------------------

    internal BufferProxy Open(BufferHandle handle)
    {
        var buffer = handle.Buffer;
        if (!_held.TryGetValue(buffer, out var entry))
        {
            entry = new HeldEntry(buffer);
            _held.Add(buffer, entry);
        }
        entry.Held.Open(handle.Weight);
        SharingCounters.Add(ref _counters.ProxiesOpened, 1);
        // A parked handle was counted for its parking place; tell the owner who holds it now. The notice
        // travels before any return of this holder, so the owner never sees the return first from here.
        if (handle.Target is null)
            Send(buffer.Owner, ProtocolItem.Notice(buffer, handle.AddresseeId, null, _domain.Id, _domain, handle.Weight));
        var site = _options.TrackLeakSites ? Environment.StackTrace : null;
        return new BufferProxy(entry, _domain, site, handle.Offset, handle.Length);
    }

    internal BufferHandle Forward(HeldEntry entry, Domain target, int offset, int length)
    {
        var buffer = entry.Buffer;
        if (target.Runtime != _domain.Runtime)
            throw new ArgumentException($"Domain '{target.Name}' belongs to another runtime; buffers are shared within one runtime.", nameof(target));
        if (target == _domain)
            throw new ArgumentException($"Cannot pass {buffer} from '{_domain.Name}' to itself; use Retain for another reference.", nameof(target));
        if (target.State != DomainState.Running) SharingThrow.TargetClosed(target, _domain, $"pass on {buffer}");
        var weight = entry.Held.SplitForForward();
        Send(buffer.Owner, ProtocolItem.Notice(buffer, _domain.Id, _domain, target.Id, target, weight));
        return new BufferHandle(buffer, target, weight, offset, length);
    }

    /// <summary>Passes a held buffer on into a parking place (a queue a layer above keeps).</summary>
    internal BufferHandle ForwardParked(HeldEntry entry, int parkingId, int offset, int length)
    {
        Debug.Assert(parkingId < 0);
        var weight = entry.Held.SplitForForward();
        Send(entry.Buffer.Owner, ProtocolItem.Notice(entry.Buffer, _domain.Id, _domain, parkingId, null, weight));
        return new BufferHandle(entry.Buffer, parkingId, weight, offset, length);
    }

    internal void ReleaseProxy(HeldEntry entry)
    {
        if (entry.Released) return; // the holder already gave everything back as it closed
        if (!entry.Held.ReleaseProxy(out var weight)) return;
        _held.Remove(entry.Buffer);
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

    private void Send(Domain owner, ProtocolItem item)
    {
        if (!Coalesce)
        {
            owner.SendInternal(ProtocolBatch.Single(item));
            return;
        }
        if (!_outbox.TryGetValue(owner, out var items)) _outbox[owner] = items = [];
        items.Add(item);
        if (item.Kind == ProtocolKind.Notice || items.Count == MaxBatch)
        {
            // A notice leaves at once, behind this holder's earlier returns to the same owner: the handle it
            // accounts for may already be on its way, and if this domain crashed before the end of its turn
            // a notice left in the outbox would be lost while the weight it moved is still read elsewhere.
            // (A lost return is harmless: the reclaim after the crash counts it.) A full batch leaves too, so
            // that the owner applies one batch while the holder fills the next.
            owner.SendInternal(new ProtocolBatch(items.ToArray()));
            items.Clear();
            return;
        }
        if (_outboxPending) return;
        _outboxPending = true;
        // The domain actor flushes at the end of its own turn; a turn of another actor of the domain
        // (an actor placed in it) has no such hook, so a flush is queued in the control lane instead.
        if (!_domain.InOwnTurn && !_flushPosted)
        {
            _flushPosted = true;
            _domain.SendInternal(new FlushOutbox());
        }
    }

    internal void FlushOutbox()
    {
        _flushPosted = false;
        if (!_outboxPending) return;
        _outboxPending = false;
        foreach (var (owner, items) in _outbox)
        {
            if (items.Count == 0) continue;
            owner.SendInternal(new ProtocolBatch(items.ToArray()));
            items.Clear();
        }
    }

    private int ReleaseAllHeld()
    {
        var released = 0;
        foreach (var entry in _held.Values)
        {
            entry.Released = true;
            var weight = entry.Held.ReleaseAll();
            if (weight.IsZero) continue;
            released++;
            Send(entry.Buffer.Owner, ProtocolItem.Return(entry.Buffer, _domain, weight));
        }
        _held.Clear();
        FlushOutbox();
        return released;
    }
}
