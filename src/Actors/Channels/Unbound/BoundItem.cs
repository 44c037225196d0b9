using ActorInterp.Domains;
using ActorInterp.Sharing;

namespace ActorInterp.Actors;

/// <summary>
/// A queued channel item that lends buffers and was sent with a rule other than <see cref="UnboundItemPolicy.Keep"/>:
/// it is watched by the owners of its buffers (<see cref="OwnerWatch"/>), and becomes unbound when the first of them
/// goes away before a receiver claims it. Claim and unbind race from any thread; exactly one of them wins.
/// </summary>
internal sealed class BoundItem
{
    private const int Queued = 0, Claimed = 1, Unbound = 2;

    private readonly MarshalledMessage _marshalled;
    private readonly string _channelName;
    private readonly Action _onRemoved;
    private readonly List<OwnerWatch> _watches = [];
    private UnboundItem? _marker;
    private int _state;

    internal BoundItem(MarshalledMessage marshalled, UnboundItemPolicy policy, string channelName, Action onRemoved)
    {
        _marshalled = marshalled;
        Policy = policy;
        _channelName = channelName;
        _onRemoved = onRemoved;
    }

    internal UnboundItemPolicy Policy { get; }

    /// <summary>Set once the item is unbound: who went away.</summary>
    internal UnboundItem? Marker => Volatile.Read(ref _state) == Unbound ? _marker : null;

    internal bool IsQueued => Volatile.Read(ref _state) == Queued;

    internal bool IsRemoved => Policy == UnboundItemPolicy.Remove && Volatile.Read(ref _state) == Unbound;

    /// <summary>The distinct owners of the item's buffers.</summary>
    internal IEnumerable<Domain> Owners => _marshalled.Links.Select(link => link.Handle.Buffer.Owner).Distinct();

    /// <summary>True when one of the item's buffers is <paramref name="buffer"/>.</summary>
    internal bool Lends(OwnedBuffer buffer)
    {
        foreach (var link in _marshalled.Links)
            if (link.Handle.Buffer == buffer) return true;
        return false;
    }

    /// <summary>The address of the node a buffer of the item came from, if that node has left; null otherwise.</summary>
    internal string? LeftNode()
    {
        foreach (var link in _marshalled.Links)
            if (OwnerWatch.OrphanedFrom(link.Handle.Buffer) is { } node) return node;
        return null;
    }

    /// <summary>The item is now in the channel: its owners watch it (an owner already going unbinds it at once).</summary>
    internal void Queue()
    {
        if (LeftNode() is { } node)
        {
            Unbind(node, node);
            return;
        }
        foreach (var owner in Owners) OwnerWatch.Watch(owner, this);
    }

    /// <summary>A receiver (or a close) took the item out of the queue: true when it is whole, false when it is unbound.</summary>
    internal bool Claim()
    {
        if (Interlocked.CompareExchange(ref _state, Claimed, Queued) != Queued) return false;
        Unwatch();
        return true;
    }

    /// <summary>The owner <paramref name="ownerName"/> (or node <paramref name="ownerNode"/>) went away. Any thread.</summary>
    internal void Unbind(string ownerName, string? ownerNode)
    {
        // The marker is set before the state, so that whoever sees the state unbound sees the marker.
        if (Interlocked.CompareExchange(ref _marker, new UnboundItem(_channelName, ownerName, ownerNode), null) is not null) return;
        if (Interlocked.CompareExchange(ref _state, Unbound, Queued) != Queued) return; // received whole first
        // Every borrow goes back now, so the owners' drains need not wait for this item.
        _marshalled.GiveBack();
        if (Policy == UnboundItemPolicy.Remove) _onRemoved();
        Unwatch();
    }

    internal void Watched(OwnerWatch watch)
    {
        lock (_watches) _watches.Add(watch);
    }

    private void Unwatch()
    {
        OwnerWatch[] watches;
        lock (_watches)
        {
            watches = [.. _watches];
            _watches.Clear();
        }
        foreach (var watch in watches) watch.Forget(this);
    }

    /// <summary>The exception a receive throws for the unbound item.</summary>
    internal ItemOwnerClosedException Error(bool plainForm)
    {
        var marker = Marker!;
        var message = marker.Describe() + (Policy == UnboundItemPolicy.Marker && plainForm
            ? " It was sent with UnboundItemPolicy.Marker, which a receive that returns an item cannot show; it was consumed. Use ReceiveEntryAsync (or TryReceiveEntry, ReceiveEntry) to get the placeholder."
            : " It was sent with UnboundItemPolicy.Error; it was consumed, and the next receive gets the next item.");
        return new ItemOwnerClosedException(marker, message) { IsMarker = Policy == UnboundItemPolicy.Marker };
    }
}
