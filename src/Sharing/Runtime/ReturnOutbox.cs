using System.Collections.Concurrent;
using ActorInterp.Domains;

namespace ActorInterp.Sharing;

/// <summary>
/// What one holder domain owes one owner: the returns and notices gathered into a batch that leaves whole.
/// The holder's thread fills and sends; the owner's thread, once it has applied a batch, hands it back
/// (<see cref="Recycle"/>) to be filled again, so that in a steady flow no batch and no array is allocated.
/// </summary>
/// <remarks>
/// A new batch has room for <see cref="FirstCapacity"/> items and grows as it fills, up to the batch size that
/// sends it: a holder that returns a buffer or two per turn (one posted item per turn) sends many small
/// batches, and each costs what it carries, not a full batch's array. Batches with room for at most
/// <see cref="MaxSpareItems"/> items in all are kept (32 full batches when returns are coalesced, 1,024 of a
/// few returns, 8,192 single ones when not): a holder that has more than that on its way to one owner at once,
/// given faster than the owner applies it, allocates a batch for each further one, which is dropped after use.
/// </remarks>
internal sealed class ReturnOutbox(Domain owner, int batchCapacity)
{
    /// <summary>Room for items that the kept batches have in all, at most.</summary>
    internal const int MaxSpareItems = 8192;

    /// <summary>Room for items in a new batch (or the batch size, if smaller).</summary>
    internal const int FirstCapacity = 8;

    private readonly ConcurrentQueue<ProtocolBatch> _spares = new();
    private int _spareRoom;
    private ProtocolBatch? _filling;

    /// <summary>The owner the batches go to.</summary>
    internal Domain Owner { get; } = owner;

    /// <summary>True while it is in its holder's list of outboxes to send at the end of the turn. Holder's thread.</summary>
    internal bool Pending { get; set; }

    /// <summary>Adds <paramref name="item"/> to the batch being filled; returns how many items it holds now. Holder's thread.</summary>
    internal int Add(in ProtocolItem item)
    {
        var batch = _filling ??= Rent();
        batch.Add(item);
        return batch.Count;
    }

    /// <summary>Sends the batch being filled, if it holds anything. Holder's thread.</summary>
    internal void Send()
    {
        if (_filling is not { Count: > 0 } batch) return;
        Owner.SendInternal(batch);
        // Only once it is on its way: a send that threw leaves the items here, to leave with the next batch.
        _filling = null;
    }

    /// <summary>Forgets what is gathered and not sent (the holder crashed: the owner reclaims it through DeathWatch). Holder's thread.</summary>
    internal void Discard() => _filling?.Clear();

    /// <summary>Takes back a batch the owner has applied whole, emptied. Owner's thread.</summary>
    internal void Recycle(ProtocolBatch batch)
    {
        var room = batch.Capacity;
        if (Interlocked.Add(ref _spareRoom, room) > MaxSpareItems)
        {
            Interlocked.Add(ref _spareRoom, -room);
            return;
        }
        _spares.Enqueue(batch);
    }

    private ProtocolBatch Rent()
    {
        if (!_spares.TryDequeue(out var batch)) return new ProtocolBatch(this, Math.Min(batchCapacity, FirstCapacity));
        Interlocked.Add(ref _spareRoom, -batch.Capacity);
        return batch;
    }
}
