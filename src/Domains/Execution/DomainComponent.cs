namespace ActorInterp.Domains;

/// <summary>
/// State that an upper layer keeps per domain (the Sharing layer's ledgers, for instance). A component is
/// created on its domain's thread and every member below is called on that thread.
/// </summary>
internal abstract class DomainComponent
{
    private static int s_slots;

    /// <summary>Reserves a slot for one kind of component; called once per kind, from a static initializer.</summary>
    internal static int ReserveSlot()
    {
        var slot = Interlocked.Increment(ref s_slots) - 1;
        if (slot >= Domain.ComponentSlots) throw new InvalidOperationException("Too many domain component kinds.");
        return slot;
    }

    /// <summary>True while the component holds something that a drain must wait for.</summary>
    internal virtual bool BlocksDrain => false;

    /// <summary>Lists what blocks the drain.</summary>
    internal virtual void DescribeOutstanding(List<OutstandingItem> into) { }

    /// <summary>A close has started.</summary>
    internal virtual void OnCloseStarted(CloseMode mode, bool releaseHeldNow) { }

    /// <summary>
    /// The runtime is shutting down and this domain (the main one) closes last: give back now what it holds
    /// from the others, whose drains would otherwise wait for it.
    /// </summary>
    internal virtual void OnReleaseHeld() { }

    /// <summary>A drain timed out; the domain runs on.</summary>
    internal virtual void OnCloseAborted() { }

    /// <summary>The domain is closing now (drained or forced): release and free what is left.</summary>
    internal virtual void OnClosing(CloseMode mode, CloseTally tally) { }

    /// <summary>The domain crashed: it stops without giving anything back; others reclaim through DeathWatch.</summary>
    internal virtual void OnCrashed() { }

    /// <summary>Another domain this one watches has stopped.</summary>
    internal virtual void OnDomainTerminated(Domain other) { }

    /// <summary>The domain's actor finished processing one message.</summary>
    internal virtual void OnTurnEnd() { }
}

/// <summary>What the components of a closing domain report back, summed into its <see cref="DomainCloseReport"/>.</summary>
internal sealed class CloseTally
{
    internal int FreedAtClose;
    internal int RevokedBorrows;
    internal int ReleasedHeld;
}
