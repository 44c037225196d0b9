using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ActorInterp.Sharing.Protocol;

/// <summary>
/// The owner's count of one buffer's borrows: weighted counting with attribution notices. Pure logic,
/// no threads: the owner domain drives it from its own thread, the simulation drives it from its scheduler.
/// </summary>
/// <remarks>
/// Invariant kept here: <see cref="Outstanding"/> equals the sum of the weights that live proxies hold plus
/// those travelling in handles and in returns not yet received; only it decides the free. Attribution
/// (who holds how much) is signed and only serves reclaiming a holder that stops: a forwarded weight's
/// return may arrive before the notice that moved it to its new holder, making that holder's attribution
/// negative for a while. The rules that keep it exact:
/// a return on behalf of a reclaimed holder is ignored (the reclaim counted it); a notice naming a
/// reclaimed taker is reclaimed on arrival; the owner refuses to share to a reclaimed holder.
/// </remarks>
internal sealed class BorrowLedger
{
    // A struct kept in place: a ledger with one holder allocates nothing per lend or return.
    private HolderMap<Attribution> _byHolder;
    private Weight _outstanding;

    /// <summary>True until the owner lets go of its own hold.</summary>
    public bool OwnerHolds { get; private set; } = true;

    /// <summary>The total weight out (borrowed, in flight, or returned and not yet received).</summary>
    public Weight Outstanding => _outstanding;

    /// <summary>True when anything is borrowed.</summary>
    public bool HasBorrows => !_outstanding.IsZero;

    /// <summary>True when the owner may free the buffer: it let go and nothing is out.</summary>
    public bool CanFree => !OwnerHolds && _outstanding.IsZero;

    /// <summary>Holders with a non-zero attribution, with their weight and since when.</summary>
    public IEnumerable<(int Holder, Weight Weight, DateTimeOffset Since)> Holders =>
        _byHolder.ToArray().Select(e => (e.Key, e.Value.Weight, e.Value.Since));

    /// <summary>True when <paramref name="holder"/> has a non-zero attribution (it is one of <see cref="Holders"/>).</summary>
    public bool HasHolder(int holder) => _byHolder.ContainsKey(holder);

    /// <summary>
    /// Told when a holder's attribution becomes non-zero (+1) or zero (-1), so that an owner can keep
    /// per-holder figures without walking its ledgers.
    /// </summary>
    public Action<int, int>? HolderChanged { get; set; }

    /// <summary>Number of holders with a non-zero attribution.</summary>
    public int HolderCount => _byHolder.Count; // zero attributions are removed as they occur

    /// <summary>Lends one share to <paramref name="holder"/>; the weight goes into the handle.</summary>
    /// <returns>True when the holder's attribution went from zero to non-zero.</returns>
    public bool Share(int holder, DateTimeOffset now, out Weight weight)
    {
        weight = Weight.One;
        _outstanding += weight;
        return Attribute(holder, weight, now);
    }

    /// <summary>Takes back <paramref name="weight"/> returned by (or on behalf of) <paramref name="holder"/>.</summary>
    public ReturnOutcome Return(int holder, Weight weight, bool holderReclaimed)
    {
        Debug.Assert(weight.Sign > 0);
        if (holderReclaimed) return ReturnOutcome.IgnoredReclaimed;
        var left = _outstanding - weight;
        if (left.Sign < 0) return ReturnOutcome.Overdrawn;
        _outstanding = left;
        Attribute(holder, -weight, DateTimeOffset.MinValue);
        return ReturnOutcome.Applied;
    }

    /// <summary>
    /// <paramref name="giver"/> passed <paramref name="weight"/> on to <paramref name="taker"/>. The total is
    /// unchanged unless the taker was reclaimed already, in which case the weight is reclaimed now.
    /// </summary>
    public void Notice(int giver, int taker, Weight weight, bool giverReclaimed, bool takerReclaimed, DateTimeOffset now)
    {
        Debug.Assert(weight.Sign > 0);
        // A reclaimed giver's attribution was taken out whole when it was reclaimed; its notices all arrived
        // before that (per-sender order and the lane rules), so a notice from one is a protocol error.
        Debug.Assert(!giverReclaimed, "a notice arrived after its giver was reclaimed");
        Attribute(giver, -weight, DateTimeOffset.MinValue);
        if (takerReclaimed) _outstanding -= weight;
        else Attribute(taker, weight, now);
    }

    /// <summary>
    /// <paramref name="holder"/> has stopped: takes back everything attributed to it.
    /// </summary>
    /// <returns>The weight reclaimed (may be zero or negative transiently).</returns>
    public Weight Reclaim(int holder)
    {
        if (!_byHolder.Remove(holder, out var attribution)) return Weight.Zero;
        _outstanding -= attribution.Weight;
        HolderChanged?.Invoke(holder, -1);
        return attribution.Weight;
    }

    /// <summary>The owner lets go of its own hold.</summary>
    public void ReleaseOwnerHold() => OwnerHolds = false;

    /// <summary>Forgets every borrow (a forced close revoked them all).</summary>
    public void RevokeAll()
    {
        if (HolderChanged is { } changed)
            foreach (var (holder, _) in _byHolder.ToArray()) changed(holder, -1);
        _byHolder.Clear();
        _outstanding = Weight.Zero;
    }

    private bool Attribute(int holder, Weight delta, DateTimeOffset now)
    {
        // Zero attributions are never stored: an entry exists exactly while the holder has a non-zero one.
        ref var attribution = ref _byHolder.Find(holder);
        if (Unsafe.IsNullRef(ref attribution))
        {
            if (delta.IsZero) return false;
            _byHolder.Add(holder, new Attribution { Weight = delta, Since = now });
            HolderChanged?.Invoke(holder, +1);
            return true;
        }
        attribution.Weight += delta;
        if (attribution.Weight.IsZero)
        {
            _byHolder.Remove(holder, out _);
            HolderChanged?.Invoke(holder, -1);
        }
        return false;
    }

    private struct Attribution
    {
        public Weight Weight;
        public DateTimeOffset Since;
    }
}
