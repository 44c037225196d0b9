using System.Runtime.InteropServices;
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
    private readonly Func<int, string> _holderName;

    // Stamps the start of each borrow (a struct that changes as it is read: never readonly, never copied).
    private CoarseClock _clock;

    // The holder last seen by Know: lending to one holder over and over looks it up once.
    private Domain? _lastKnown;

    private SharingState(Domain domain)
    {
        _domain = domain;
        _options = domain.Runtime.GetSharingOptions();
        _holderChanged = OnHolderChanged;
        _flushMessage = new FlushOutbox();
        _holderName = HolderName;
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
        buffer.Ledger.Share(holderId, _clock.Now, out var weight);
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
        foreach (ref readonly var item in batch.Items)
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
                        IsReclaimed(item.HolderId), IsReclaimed(item.TakerId), _clock.Now);
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
        if (holder == _lastKnown) return;
        _lastKnown = holder;
        _holders.TryAdd(holder.Id, holder);
        _domain.Watch(holder);
    }

    private void OnHolderChanged(int holder, int delta)
    {
        SharingCounters.Add(ref _counters.BorrowsOut, delta);
        ref var n = ref CollectionsMarshal.GetValueRefOrAddDefault(_borrowedByHolder, holder, out _);
        n += delta;
        if (n == 0) _borrowedByHolder.Remove(holder);
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
}
