using System.Runtime.CompilerServices;
using ActorInterp.Domains;
using ActorInterp.Sharing;

namespace ActorInterp.Actors;

/// <summary>
/// The queued channel items (sent with a rule other than <see cref="UnboundItemPolicy.Keep"/>) that lend one
/// domain's buffers. When the domain starts closing (drain or force) or crashes, each becomes unbound: it gives
/// its borrows back, so a drain does not wait for it. Also, for the node's mirror domain (which owns the copies
/// of other nodes' buffers), the items that lend copies from a node that left. Items are added from any thread.
/// </summary>
internal sealed class OwnerWatch : DomainComponent
{
    private static readonly DomainComponentKey<OwnerWatch> Key = new(static d => new OwnerWatch(d));

    // The node each orphaned copy came from, for an item that goes into a channel after its node left.
    private static readonly ConditionalWeakTable<OwnedBuffer, string> s_orphanedFrom = [];

    private readonly Domain _domain;
    private readonly HashSet<BoundItem> _items = [];
    private bool _going;

    private OwnerWatch(Domain domain)
    {
        _domain = domain;
        _going = domain.State != DomainState.Running;
    }

    /// <summary>Has <paramref name="owner"/> watch <paramref name="item"/>. Any thread.</summary>
    internal static void Watch(Domain owner, BoundItem item)
    {
        if (owner.IsCurrent) owner.GetComponent(Key).Add(item);
        else if (owner.PeekComponent(Key) is { } watch) watch.Add(item);
        else if (owner.State == DomainState.Closed) item.Unbind(owner.Name, null);
        else owner.SendInternal(new WatchRequest(item)); // the component is made on the owner's thread
    }

    /// <summary>The node an orphaned copy came from, or null (every copy in the table is orphaned). Any thread.</summary>
    internal static string? OrphanedFrom(OwnedBuffer buffer) =>
        s_orphanedFrom.TryGetValue(buffer, out var node) ? node : null;

    /// <summary>
    /// The node <paramref name="node"/> left and these copies of its buffers, owned by <paramref name="mirrorDomain"/>,
    /// are orphaned: the items that lend them become unbound. The mirror domain's thread.
    /// </summary>
    internal static void CopiesOrphaned(Domain mirrorDomain, IReadOnlyCollection<OwnedBuffer> copies, string node)
    {
        foreach (var copy in copies) s_orphanedFrom.AddOrUpdate(copy, node);
        if (copies.Count == 0 || mirrorDomain.PeekComponent(Key) is not { } watch) return;
        BoundItem[] items;
        lock (watch._items) items = [.. watch._items];
        foreach (var item in items)
            if (copies.Any(item.Lends)) item.Unbind(node, node);
    }

    private void Add(BoundItem item)
    {
        bool going;
        lock (_items)
        {
            going = _going || _domain.State == DomainState.Closed;
            if (!going && !item.IsQueued) return; // received before it could be watched
            if (!going) _items.Add(item);
        }
        if (going)
        {
            item.Unbind(_domain.Name, null);
            return;
        }
        item.Watched(this);
        // Claimed between the check and the add: its claim may have missed this watch.
        if (!item.IsQueued) Forget(item);
    }

    internal void Forget(BoundItem item)
    {
        lock (_items) _items.Remove(item);
    }

    internal override void OnCloseStarted(CloseMode mode, bool releaseHeldNow) => UnbindAll();

    internal override void OnCloseAborted()
    {
        lock (_items) _going = false; // the domain runs on; items unbound meanwhile stay unbound
    }

    internal override LayerCloseReport? OnClosing(CloseMode mode)
    {
        UnbindAll();
        return null;
    }

    internal override void OnCrashed() => UnbindAll();

    private void UnbindAll()
    {
        BoundItem[] items;
        lock (_items)
        {
            _going = true;
            items = [.. _items];
            _items.Clear();
        }
        foreach (var item in items) item.Unbind(_domain.Name, null);
    }

    /// <summary>Makes the owner's watch on its own thread; an owner that is gone unbinds the item instead.</summary>
    private sealed class WatchRequest(BoundItem item) : DomainMessage
    {
        internal override void Run(Domain domain) => domain.GetComponent(Key).Add(item);

        internal override void OnDropped() => item.Unbind(Target?.Name ?? "(unknown)", null);
    }
}
