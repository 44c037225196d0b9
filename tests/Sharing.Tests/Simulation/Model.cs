using ActorInterp.Sharing.Protocol;

namespace ActorInterp.Sharing.Tests.Simulation;

internal enum DomainState
{
    Open,
    /// <summary>Closing: its proxies are released, it refuses shares and handles, and waits for its borrows.</summary>
    Draining,
    Dead,
}

/// <summary>A simulated domain: both an owner (reclaimed set) and a holder (held weights, outbox).</summary>
internal sealed class SimDomain(int id)
{
    public int Id { get; } = id;

    public DomainState State { get; set; } = DomainState.Open;

    /// <summary>Owner side: holders whose death this domain has processed.</summary>
    public SortedSet<int> Reclaimed { get; } = [];

    /// <summary>Holder side: one merged weight per buffer it holds proxies of.</summary>
    public SortedDictionary<int, HeldWeight> Held { get; } = [];

    /// <summary>Holder side: returns and notices not yet flushed, one ordered batch per owner.</summary>
    public SortedDictionary<int, List<SimMessage>> Outbox { get; } = [];

    public override string ToString() => $"d{Id}({State})";
}

internal enum BufferState
{
    Live,
    InTransfer,
    Freed,
    /// <summary>Its owner was force-closed or crashed: proxies throw, the memory is never pooled again.</summary>
    Revoked,
}

/// <summary>Pooled memory: freed blocks go to the next allocation, which overwrites them.</summary>
internal sealed class MemoryBlock(int id)
{
    /// <summary>Bytes per block: every buffer of the simulation has this length.</summary>
    public const int Size = 16;

    public int Id { get; } = id;
    public byte[] Bytes { get; } = new byte[Size];

    /// <summary>The buffer using the block, or -1 while it sits in the pool.</summary>
    public int Tenant { get; set; } = -1;

    public ulong Checksum() => Checksum(0, Size);

    /// <summary>The checksum of bytes [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>).</summary>
    public ulong Checksum(int offset, int length)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Bytes.AsSpan(offset, length)) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}

internal sealed class MemoryPool
{
    private readonly Stack<MemoryBlock> _free = new();

    public int Created { get; private set; }

    public int Pooled => _free.Count;

    public MemoryBlock Rent(int tenant)
    {
        var block = _free.Count > 0 ? _free.Pop() : new MemoryBlock(Created++);
        block.Tenant = tenant;
        return block;
    }

    public void Return(MemoryBlock block)
    {
        block.Tenant = -1;
        _free.Push(block);
    }
}

internal sealed class SimBuffer(int id, int owner, MemoryBlock block)
{
    public int Id { get; } = id;

    /// <summary>The owning domain, or -1 while a transfer is in flight.</summary>
    public int Owner { get; set; } = owner;

    public MemoryBlock Block { get; } = block;

    public BufferState State { get; set; } = BufferState.Live;

    /// <summary>Shared at least once: frozen from then on.</summary>
    public bool Frozen { get; set; }

    /// <summary>What the bytes must read while the buffer is alive.</summary>
    public ulong Checksum { get; set; }

    /// <summary>The owner's count. Kept after the free (as a tombstone) so late traffic can be checked against it.</summary>
    public BorrowLedger Ledger { get; set; } = new();

    public override string ToString() => $"b{Id}(owner d{Owner}, {State}, out={Ledger.Outstanding})";
}

internal enum ProxyState
{
    Live,
    Released,
    /// <summary>Unreachable without Dispose: its finalizer's post is on its way to the holder.</summary>
    Dropped,
    /// <summary>Its holder crashed.</summary>
    Gone,
}

internal sealed class SimProxy(int id, int holder, int buffer, int hops)
{
    public int Id { get; } = id;
    public int Holder { get; } = holder;
    public int Buffer { get; } = buffer;
    public int Hops { get; } = hops;
    public int Count { get; set; } = 1;
    public int Forwards { get; set; }
    public ProxyState State { get; set; } = ProxyState.Live;

    /// <summary>The proxy's view: the whole block unless it reads a slice.</summary>
    public int Offset { get; init; }

    public int Length { get; init; } = MemoryBlock.Size;

    /// <summary>What the view read when it was lent or cut.</summary>
    public ulong RangeChecksum { get; init; }

    /// <summary>Counted among its holder's live proxies (false only for the broken variant's slices).</summary>
    public bool Counted { get; init; } = true;

    public override string ToString() =>
        $"p{Id}(d{Holder} b{Buffer}{(Length == MemoryBlock.Size ? "" : $"[{Offset},{Offset + Length})")} n={Count} {State})";
}
