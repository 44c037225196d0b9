using ActorInterp.Domains;
using ActorInterp.Sharing.Protocol;

namespace ActorInterp.Sharing;

/// <summary>What a protocol item tells the owner.</summary>
internal enum ProtocolKind : byte
{
    /// <summary>A holder gives weight back.</summary>
    Return,
    /// <summary>A holder passed weight on to a taker.</summary>
    Notice,
    /// <summary>A handle was dropped unopened; its weight comes back on behalf of its addressee.</summary>
    Lost,
}

/// <summary>
/// One entry of a protocol batch. A party is a domain (positive id) or a parking place for borrows not yet
/// addressed to a domain, such as a queue a layer above keeps (negative id). The owner counts by id; only a
/// taker's domain travels along (when it is one), for the owner to watch it.
/// </summary>
internal readonly record struct ProtocolItem(ProtocolKind Kind, OwnedBuffer Buffer, int HolderId, int TakerId, Domain? Taker, Weight Weight)
{
    internal static ProtocolItem Return(OwnedBuffer buffer, Domain holder, Weight weight) =>
        new(ProtocolKind.Return, buffer, holder.Id, 0, null, weight);

    internal static ProtocolItem Notice(OwnedBuffer buffer, int giverId, int takerId, Domain? taker, Weight weight) =>
        new(ProtocolKind.Notice, buffer, giverId, takerId, taker, weight);

    internal static ProtocolItem Lost(OwnedBuffer buffer, int addresseeId, Weight weight) =>
        new(ProtocolKind.Lost, buffer, addresseeId, 0, null, weight);
}

/// <summary>
/// Returns and notices from one holder to one owner, in the order the holder made them. Travels in the
/// owner's control lane, so ordinary work never delays it. A batch made by a holder's <see cref="ReturnOutbox"/>
/// goes back to it once the owner has applied every item, to be filled again.
/// </summary>
internal sealed class ProtocolBatch : DomainMessage
{
    private readonly ReturnOutbox? _home;
    private ProtocolItem[] _items;
    private int _count;

    /// <summary>An empty batch for <paramref name="capacity"/> items that goes back to <paramref name="home"/> after it was applied.</summary>
    internal ProtocolBatch(ReturnOutbox home, int capacity)
    {
        _home = home;
        _items = new ProtocolItem[capacity];
    }

    private ProtocolBatch(in ProtocolItem item)
    {
        _items = [item];
        _count = 1;
    }

    /// <summary>The items, in order.</summary>
    internal ReadOnlySpan<ProtocolItem> Items => _items.AsSpan(0, _count);

    internal int Count => _count;

    /// <summary>Items the batch has room for before its array grows.</summary>
    internal int Capacity => _items.Length;

    /// <summary>A batch of one item that is not reused (sent from any thread, such as a handle dropped unopened).</summary>
    internal static ProtocolBatch Single(in ProtocolItem item) => new(item);

    internal void Add(in ProtocolItem item)
    {
        if (_count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[_count++] = item;
    }

    /// <summary>Empties the batch, letting go of the buffers and domains its items named.</summary>
    internal void Clear()
    {
        Array.Clear(_items, 0, _count);
        _count = 0;
    }

    internal override bool IsControl => true;

    internal override void Run(Domain domain)
    {
        SharingState.For(domain).Apply(this);
        // Reused only after every item was applied: a batch whose apply threw is never refilled over unapplied items.
        if (_home is null) return;
        Clear();
        _home.Recycle(this);
    }

    // The owner is gone: its close revoked or freed every buffer already, so there is nothing to give back to.
    internal override void OnDropped() { }
}

/// <summary>Releases a proxy on its holder's thread (a Dispose from elsewhere, or the proxy's finalizer).</summary>
internal sealed class ReleaseProxy(BufferProxy proxy, bool finalized) : DomainMessage
{
    internal override bool IsControl => true;

    internal override void Run(Domain domain) => proxy.ReleaseOnHolderThread(finalized);
}

/// <summary>Releases the owner's hold on its thread (a Dispose of the owner's handle from elsewhere).</summary>
internal sealed class ReleaseOwnerHold(SharedBuffer buffer) : DomainMessage
{
    internal override bool IsControl => true;

    internal override void Run(Domain domain) => buffer.ReleaseOnOwnerThread();
}

/// <summary>Sends a holder's gathered returns at the end of a turn that was not the domain actor's own.</summary>
internal sealed class FlushOutbox : DomainMessage
{
    internal override bool IsControl => true;

    internal override void Run(Domain domain) => SharingState.For(domain).FlushOutbox();
}

/// <summary>A transfer was dropped unaccepted: its source gives the memory back to the pool.</summary>
internal sealed class TransferLost(OwnedBuffer buffer) : DomainMessage
{
    internal override bool IsControl => true;

    internal override void Run(Domain domain) => SharingState.For(domain).ReturnToPool(buffer);
}
