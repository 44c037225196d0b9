using ActorInterp.Domains;
using ActorInterp.Sharing.Protocol;

namespace ActorInterp.Sharing;

/// <summary>
/// The owner-side core of a shared buffer: its pooled memory and its borrow ledger. Proxies and handles
/// reference it directly (in-process); only the owner's thread changes the ledger, the frozen flag or the
/// state to freed; the revoked state is published to readers on other threads.
/// </summary>
internal sealed class OwnedBuffer
{
    private static long s_ids;

    // Two flags, not one state: a revoked buffer is also freed (forgotten by its owner), and its proxies
    // must still see that it was revoked.
    private volatile bool _revoked;
    private volatile bool _freed;

    // The entry of the first holder domain to open this buffer, claimed once and kept for that domain's later
    // opens; only that domain's thread touches the entry (see HeldEntry). Other holders keep theirs elsewhere.
    private HeldEntry? _firstHolderEntry;

    internal OwnedBuffer(Domain owner, byte[] array, int length)
    {
        Id = Interlocked.Increment(ref s_ids);
        Owner = owner;
        Array = array;
        Length = length;
    }

    internal long Id { get; }

    /// <summary>The owning domain. Changes only by a transfer, which needs the buffer never shared.</summary>
    internal Domain Owner { get; set; }

    internal byte[] Array { get; }

    internal int Length { get; }

    internal BorrowLedger Ledger { get; } = new();

    /// <summary>Actions to run on the owner's thread right after the free; set and run on the owner's thread only.</summary>
    internal Action? OnFreed { get; set; }

    /// <summary>Set at the first share; owner thread only.</summary>
    internal bool Frozen { get; set; }

    internal bool IsRevoked => _revoked;

    internal bool IsFreed => _freed;

    /// <summary>
    /// Called on the owner's thread whenever a return, notice or reclaim leaves nothing borrowed (the owner's
    /// own hold aside). A layer above that answers for all of a buffer's holders at once (one message for all
    /// of them, sent when the last lets go) uses it.
    /// </summary>
    internal Action<OwnedBuffer>? BorrowsReturned { get; set; }

    /// <summary>The entry of the first domain that opened this buffer, or null before any did. Any thread.</summary>
    internal HeldEntry? FirstHolderEntry => Volatile.Read(ref _firstHolderEntry);

    /// <summary>
    /// Makes <paramref name="entry"/> the first holder's entry in place of <paramref name="expected"/>; false if
    /// another thread got there first. A holder replaces only its own entry (one released as it closed).
    /// </summary>
    internal bool TrySetFirstHolderEntry(HeldEntry entry, HeldEntry? expected) =>
        Interlocked.CompareExchange(ref _firstHolderEntry, entry, expected) == expected;

    internal void MarkRevoked() => _revoked = true;

    internal void MarkFreed() => _freed = true;

    public override string ToString() => $"buffer #{Id} ({Length} bytes)";
}
