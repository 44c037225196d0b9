using System.Diagnostics;
using ActorInterp.Domains;
using ActorInterp.Sharing.Protocol;

namespace ActorInterp.Sharing;

/// <summary>
/// A borrow of a shared buffer on its way to one domain, made by <see cref="SharedBuffer.Share(Domain)"/> or
/// <see cref="BufferProxy.Share(Domain)"/>. It travels in any message; its addressee opens it once, on its own
/// thread, into a <see cref="BufferProxy"/>. A handle that is never opened still gives its borrow back:
/// at <see cref="Dispose"/>, or when it is collected.
/// </summary>
/// <remarks>
/// A handle lends a range of the buffer (<see cref="Offset"/>, <see cref="Length"/>): the whole buffer for
/// <see cref="SharedBuffer.Share(Domain)"/>, a slice for <see cref="SharedBuffer.Share(Domain, int, int)"/> or
/// <see cref="BufferProxy.Share(Domain, int, int)"/>. The borrow it carries is a borrow of the whole buffer,
/// counted and returned like any other; only what the proxy it opens into can read is narrower.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class BufferHandle : IDisposable
{
    private const int Fresh = 0, Opened = 1, Dropped = 2;
    private int _state;

    internal BufferHandle(OwnedBuffer buffer, Domain target, Weight weight, int offset, int length)
    {
        Buffer = buffer;
        Target = target;
        AddresseeId = target.Id;
        Weight = weight;
        Offset = offset;
        Length = length;
    }

    /// <summary>An unaddressed handle: parked (for instance in a queue a layer above keeps) until some domain opens it.</summary>
    internal BufferHandle(OwnedBuffer buffer, int parkingId, Weight weight, int offset, int length)
    {
        Buffer = buffer;
        AddresseeId = parkingId;
        Weight = weight;
        Offset = offset;
        Length = length;
    }

    /// <summary>
    /// The domain this handle is addressed to; only it can open the handle. Null for a parked handle (one
    /// waiting in a queue for whichever domain receives it), which the domain that receives it opens.
    /// </summary>
    public Domain? Target { get; }

    /// <summary>The party the owner counts this borrow for: the target domain's id, or a (negative) parking id.</summary>
    internal int AddresseeId { get; }

    /// <summary>The domain that owns the buffer.</summary>
    public Domain Owner => Buffer.Owner;

    /// <summary>
    /// The length in bytes of the range this handle lends: the buffer's length for a whole lend, the
    /// slice's for a slice. The proxy it opens into has this <see cref="BufferProxy.Length"/>.
    /// </summary>
    public int Length { get; }

    /// <summary>
    /// Where the lent range starts in the buffer <see cref="BufferId"/> names: 0 for a whole lend. The proxy
    /// it opens into has this <see cref="BufferProxy.Offset"/>.
    /// </summary>
    public int Offset { get; }

    /// <summary>The runtime-wide id of the buffer.</summary>
    public long BufferId => Buffer.Id;

    /// <summary>True once opened or dropped.</summary>
    public bool IsConsumed => Volatile.Read(ref _state) != Fresh;

    internal OwnedBuffer Buffer { get; }

    internal Weight Weight { get; }

    /// <summary>
    /// Opens the handle into a read-only proxy owned by <see cref="Target"/> (or, for a parked handle, by
    /// the domain the caller runs on). Target's thread only; once.
    /// </summary>
    /// <exception cref="WrongDomainException">The caller does not run on the target's thread (or, parked, on no domain's thread).</exception>
    /// <exception cref="InvalidOperationException">The handle was already opened.</exception>
    /// <exception cref="ObjectDisposedException">The handle was disposed unopened.</exception>
    public BufferProxy Open()
    {
        var opener = Target ?? Domain.Current ?? throw new WrongDomainException("(none)",
            $"The parked handle of {Buffer} must be opened on the thread of the domain that receives it.");
        opener.VerifyCurrent("The handle of", Buffer);
        switch (Interlocked.CompareExchange(ref _state, Opened, Fresh))
        {
            case Opened:
                throw new InvalidOperationException($"The handle of {Buffer} for domain '{opener.Name}' was opened already; a handle opens once. Use BufferProxy.Retain for more references.");
            case Dropped:
                throw new ObjectDisposedException(nameof(BufferHandle), $"The handle of {Buffer} for domain '{opener.Name}' was disposed unopened; its borrow went back to '{Owner.Name}'.");
        }
        GC.SuppressFinalize(this);
        return SharingState.For(opener).Open(this);
    }

    /// <summary>Gives the borrow back if the handle was never opened; does nothing otherwise. Any thread.</summary>
    public void Dispose()
    {
        if (Drop()) GC.SuppressFinalize(this);
    }

    /// <summary>A handle lost without being opened or disposed still gives its borrow back.</summary>
    ~BufferHandle() => Drop();

    internal bool Drop()
    {
        if (Interlocked.CompareExchange(ref _state, Dropped, Fresh) != Fresh) return false;
        // Returned on behalf of the addressee: the owner attributed this weight to it.
        if (Buffer.Owner.State != DomainState.Closed)
            Buffer.Owner.SendInternal(ProtocolBatch.Single(ProtocolItem.Lost(Buffer, AddresseeId, Weight)));
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"handle of {SliceBounds.Describe(Offset, Length, Buffer.Length)}{Buffer} from '{Owner.Name}' to {(Target is null ? "whoever receives it" : $"'{Target.Name}'")}";
}
