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

    private const int Live = 0, Revoked = 1, Freed = 2;
    private volatile int _state;

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

    internal bool IsRevoked => _state == Revoked;

    internal bool IsFreed => _state == Freed;

    internal void MarkRevoked() => _state = Revoked;

    internal void MarkFreed() => _state = Freed;

    public override string ToString() => $"buffer #{Id} ({Length} bytes)";
}
