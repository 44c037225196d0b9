using ActorInterp.Domains;
using Akka.Event;
using Debug = System.Diagnostics.Debug;

namespace ActorInterp.Sharing;

// The domain's life as the component sees it: drains, closes, crashes, the deaths of holders, turn ends.
internal sealed partial class SharingState
{
    internal override bool BlocksDrain
    {
        get
        {
            foreach (var buffer in _owned.Values)
                if (buffer.Ledger.HasBorrows) return true;
            return false;
        }
    }

    internal override void DescribeOutstanding(List<OutstandingItem> into)
    {
        foreach (var buffer in _owned.Values)
            foreach (var (holder, weight, since) in buffer.Ledger.Holders)
                into.Add(new OutstandingItem($"{buffer} ({weight} shares)", HolderName(holder), since));
    }

    internal override void OnCloseStarted(CloseMode mode, bool releaseHeldNow)
    {
        if (releaseHeldNow) ReleaseAllHeld();
    }

    internal override void OnReleaseHeld() => ReleaseAllHeld();

    internal override LayerCloseReport OnClosing(CloseMode mode)
    {
        var releasedHeld = ReleaseAllHeld();
        int revokedBorrows = 0, freedAtClose = 0;
        foreach (var buffer in _owned.Values.ToArray())
        {
            if (buffer.Ledger.HasBorrows)
            {
                Debug.Assert(mode == CloseMode.Force);
                revokedBorrows += buffer.Ledger.HolderCount;
                SharingCounters.Add(ref _counters.Revoked, buffer.Ledger.HolderCount);
                buffer.MarkRevoked();
                buffer.Ledger.RevokeAll();
            }
            else if (buffer.Ledger.OwnerHolds)
            {
                freedAtClose++;
            }
            buffer.Ledger.ReleaseOwnerHold();
            Free(buffer);
        }
        _holdersDirty = true;
        PublishHolders();
        return new SharingCloseReport(freedAtClose, revokedBorrows, releasedHeld);
    }

    internal override void OnCrashed()
    {
        ForgetHeldOnCrash();
        foreach (var buffer in _owned.Values.ToArray())
        {
            if (buffer.Ledger.HasBorrows) buffer.MarkRevoked();
            buffer.Ledger.RevokeAll();
            buffer.Ledger.ReleaseOwnerHold();
            Free(buffer);
        }
    }

    internal override void OnDomainTerminated(Domain other)
    {
        if (!_reclaimed.Add(other.Id)) return;
        var hadAny = false;
        foreach (var buffer in _owned.Values.ToArray())
        {
            if (!buffer.Ledger.HasHolder(other.Id)) continue;
            buffer.Ledger.Reclaim(other.Id);
            hadAny = true;
            FreeIfDone(buffer);
        }
        if (hadAny)
        {
            SharingCounters.Add(ref _counters.Reclaims, 1);
            _domain.Log.Info("Domain '{0}' reclaimed the borrows of '{1}', which stopped.", _domain.Name, other.Name);
        }
    }

    internal override void OnTurnEnd()
    {
        if (_pendingOutboxes.Count != 0) FlushOutbox();
        if (_holdersDirty) PublishHolders();
    }

    private void PublishHolders()
    {
        _holdersDirty = false;
        _counters.PublishBorrowsByHolder(_borrowedByHolder, _holderName);
    }

    private string HolderName(int id) =>
        _holders.TryGetValue(id, out var d) ? d.Name : id < 0 ? $"parked (#{-id}, not yet received)" : $"#{id}";
}
