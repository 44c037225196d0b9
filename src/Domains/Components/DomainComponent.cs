namespace ActorInterp.Domains;

/// <summary>
/// State that a layer built on the domains keeps per domain. Each kind of component has a
/// <see cref="DomainComponentKey{T}"/>; a domain holds at most one component per key, created on first use. A
/// component is created on its domain's thread and every member below is called on that thread, in the
/// order the keys were made.
/// </summary>
internal abstract class DomainComponent
{
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

    /// <summary>
    /// The domain is closing now (drained or forced): release and free what is left. Returns what the
    /// component left behind, for the domain's <see cref="DomainCloseReport.Layers"/>; null when it has nothing to report.
    /// </summary>
    internal virtual LayerCloseReport? OnClosing(CloseMode mode) => null;

    /// <summary>The domain crashed: it stops without giving anything back; others reclaim through DeathWatch.</summary>
    internal virtual void OnCrashed() { }

    /// <summary>Another domain this one watches has stopped.</summary>
    internal virtual void OnDomainTerminated(Domain other) { }

    /// <summary>The domain's actor finished processing one message.</summary>
    internal virtual void OnTurnEnd() { }
}
