using System.Collections.Concurrent;
using ActorInterp.Domains;

namespace ActorInterp.Sharing;

/// <summary>
/// What one holder domain owes one owner: the returns and notices gathered into a batch that leaves whole.
/// The holder's thread fills and sends; the owner's thread, once it has applied a batch, hands it back
/// (<see cref="Recycle"/>) to be filled again, so that in a steady flow no batch and no array is allocated.
/// </summary>
/// <remarks>
/// Batches for at most <see cref="MaxSpareItems"/> items are kept (32 full batches when returns are coalesced,
/// 8,192 single ones when not): a holder that has more than that on its way to one owner at once, given
/// faster than the owner applies it, allocates a batch for each further one, which is dropped after use.
/// </remarks>
internal sealed class ReturnOutbox(Domain owner, int batchCapacity)
{
    /// <summary>Items the kept batches hold in all, at most.</summary>
    internal const int MaxSpareItems = 8192;

    private readonly int _maxSpares = Math.Max(1, MaxSpareItems / batchCapacity);
    private readonly ConcurrentQueue<ProtocolBatch> _spares = new();
    private int _spareCount;
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
        if (Interlocked.Increment(ref _spareCount) > _maxSpares)
        {
            Interlocked.Decrement(ref _spareCount);
            return;
        }
        _spares.Enqueue(batch);
    }

    private ProtocolBatch Rent()
    {
        if (!_spares.TryDequeue(out var batch)) return new ProtocolBatch(this, batchCapacity);
        Interlocked.Decrement(ref _spareCount);
        return batch;
    }
}
