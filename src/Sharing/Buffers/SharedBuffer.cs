using System.Diagnostics;
using ActorInterp.Domains;

namespace ActorInterp.Sharing;

/// <summary>
/// A buffer of pooled memory owned by one domain: the owner's side of a shared buffer. The owner writes it
/// until it first shares it; from then on it is frozen. <see cref="Share(Domain)"/> lends it to another domain
/// without a copy; <see cref="Transfer"/> hands it over whole. The memory goes back to its pool on the
/// owner's thread once the owner has disposed this handle and every borrow has come back.
/// </summary>
/// <remarks>
/// Every member must be called on the owner domain's thread (else <see cref="WrongDomainException"/>),
/// except <see cref="Dispose"/>, which may be called from anywhere. A <see cref="Span"/> or
/// <see cref="Memory"/> taken before the first share must not be written after it.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class SharedBuffer : IReadOnlyBuffer
{
    private readonly OwnedBuffer _buffer;
    private bool _released;
    private bool _detached;

    internal SharedBuffer(OwnedBuffer buffer) => _buffer = buffer;

    /// <summary>
    /// Allocates a buffer of <paramref name="length"/> bytes from the runtime's pool, owned by the domain the
    /// caller runs on. The contents are whatever the pool held unless <paramref name="clear"/> is true.
    /// </summary>
    /// <exception cref="WrongDomainException">The caller runs outside every domain.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or over the runtime's limit.</exception>
    public static SharedBuffer Allocate(int length, bool clear = false)
    {
        var owner = Domain.Current ?? throw new WrongDomainException("(none)",
            "A shared buffer is owned by the domain that allocates it; call Allocate on a domain's thread (inside Post, RunAsync, CallAsync or an actor of the domain).");
        return SharingState.For(owner).Allocate(length, clear);
    }

    /// <summary>Allocates a buffer owned by the caller's domain holding a copy of <paramref name="data"/>.</summary>
    /// <exception cref="WrongDomainException">The caller runs outside every domain.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="data"/> is over the runtime's limit.</exception>
    public static SharedBuffer CopyOf(ReadOnlySpan<byte> data)
    {
        var buffer = Allocate(data.Length);
        data.CopyTo(buffer.Span);
        return buffer;
    }

    /// <summary>The runtime-wide id of the buffer.</summary>
    public long Id => _buffer.Id;

    long IReadOnlyBuffer.BufferId => _buffer.Id;

    /// <summary>The buffer's length in bytes.</summary>
    public int Length => _buffer.Length;

    /// <summary>The owning domain.</summary>
    public Domain Owner => _buffer.Owner;

    /// <summary>True once the buffer has been shared: it can no longer be written or transferred.</summary>
    public bool IsFrozen => _buffer.Frozen;

    /// <summary>The bytes, writable. Owner thread only.</summary>
    /// <exception cref="BufferFrozenException">The buffer was shared.</exception>
    /// <exception cref="ObjectDisposedException">Disposed or transferred.</exception>
    public Span<byte> Span => Memory.Span;

    /// <summary>The bytes, writable, as memory. Owner thread only.</summary>
    /// <exception cref="BufferFrozenException">The buffer was shared.</exception>
    /// <exception cref="ObjectDisposedException">Disposed or transferred.</exception>
    public Memory<byte> Memory
    {
        get
        {
            CheckUsable("write");
            if (_buffer.Frozen) SharingThrow.Frozen(_buffer, "write");
            return new Memory<byte>(_buffer.Array, 0, _buffer.Length);
        }
    }

    /// <summary>The bytes, read-only; readable before and after sharing. Owner thread only.</summary>
    /// <exception cref="ObjectDisposedException">Disposed or transferred.</exception>
    public ReadOnlySpan<byte> ReadOnlySpan => ReadOnlyMemory.Span;

    /// <summary>The bytes, read-only, as memory. Owner thread only.</summary>
    /// <exception cref="ObjectDisposedException">Disposed or transferred.</exception>
    public ReadOnlyMemory<byte> ReadOnlyMemory
    {
        get
        {
            CheckUsable("read");
            return new ReadOnlyMemory<byte>(_buffer.Array, 0, _buffer.Length);
        }
    }

    /// <summary>
    /// Lends the buffer to <paramref name="target"/> without a copy: counts one borrow for the target,
    /// freezes the buffer, and returns a handle that can travel in any message. The target opens the
    /// handle on its own thread into a read-only <see cref="BufferProxy"/>. Owner thread only.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="target"/> is the owner, or of another runtime.</exception>
    /// <exception cref="DomainClosedException">The owner is closing, or the target is closing, closed or gone.</exception>
    /// <exception cref="ObjectDisposedException">Disposed or transferred.</exception>
    public BufferHandle Share(Domain target)
    {
        ArgumentNullException.ThrowIfNull(target);
        CheckUsable("share");
        return SharingState.For(_buffer.Owner).Share(_buffer, target, 0, _buffer.Length);
    }

    /// <summary>
    /// Lends a slice of the buffer to <paramref name="target"/> without a copy: the <paramref name="length"/>
    /// bytes from <paramref name="start"/>. As with <see cref="Share(Domain)"/> the owner counts one borrow of
    /// the whole buffer, which freezes it whole and keeps it whole until the borrow comes back; the target's
    /// proxy reads only the slice (its <see cref="BufferProxy.Length"/> is <paramref name="length"/>) and can
    /// pass on only the slice or narrower ones. Owner thread only.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> or <paramref name="length"/> is negative,
    /// or the slice reaches past the end of the buffer. Nothing was lent and the buffer was not frozen.</exception>
    /// <exception cref="ArgumentException"><paramref name="target"/> is the owner, or of another runtime.</exception>
    /// <exception cref="DomainClosedException">The owner is closing, or the target is closing, closed or gone.</exception>
    /// <exception cref="ObjectDisposedException">Disposed or transferred.</exception>
    public BufferHandle Share(Domain target, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(target);
        CheckUsable("share");
        SliceBounds.Check(start, length, _buffer.Length, _buffer);
        return SharingState.For(_buffer.Owner).Share(_buffer, target, start, length);
    }

    /// <summary>The owner-side core (its ledger and hooks), for layers that manage buffers of their own.</summary>
    internal OwnedBuffer Core => _buffer;

    internal BufferHandle ShareParkedCore(int parkingId)
    {
        CheckUsable("share");
        return SharingState.For(_buffer.Owner).ShareParked(_buffer, parkingId, 0, _buffer.Length);
    }

    internal BufferHandle ShareParkedCore(int parkingId, int start, int length)
    {
        CheckUsable("share");
        SliceBounds.Check(start, length, _buffer.Length, _buffer);
        return SharingState.For(_buffer.Owner).ShareParked(_buffer, parkingId, start, length);
    }

    /// <summary>
    /// Moves the buffer, writable, to <paramref name="target"/> without a copy. This handle is detached
    /// (<see cref="ObjectDisposedException"/> after); the target accepts the transfer on its thread and
    /// owns the buffer from then on. Only a buffer never shared can be transferred. Owner thread only.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="target"/> is the owner, or of another runtime.</exception>
    /// <exception cref="BufferFrozenException">The buffer was shared.</exception>
    /// <exception cref="DomainClosedException">The target is closing or closed.</exception>
    public BufferTransfer Transfer(Domain target)
    {
        ArgumentNullException.ThrowIfNull(target);
        CheckUsable("transfer");
        if (_buffer.Frozen) SharingThrow.Frozen(_buffer, "transfer");
        var transfer = SharingState.For(_buffer.Owner).Transfer(_buffer, target);
        _detached = true;
        GC.SuppressFinalize(this);
        return transfer;
    }

    /// <summary>
    /// Adds <paramref name="onFreed"/> to run once, on the owning domain's thread, right after the buffer is
    /// freed: when the owner has let go and the last borrow came back (the memory is back in its pool), or
    /// when a close or crash of the owner drops the buffer. After a <see cref="Transfer"/> it runs on the
    /// new owner's thread, when that domain frees the buffer. It runs inside the owner's turn that applied
    /// the last return, so it must not block; post further work rather than doing it there. An exception
    /// it throws is logged and counted like a posted call's (<see cref="DomainStats.PendingCallFailures"/>).
    /// Owner thread only; register before <see cref="Dispose"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="onFreed"/> is null.</exception>
    /// <exception cref="WrongDomainException">Not on the owner's thread.</exception>
    /// <exception cref="ObjectDisposedException">Disposed or transferred.</exception>
    public void WhenFreed(Action onFreed)
    {
        ArgumentNullException.ThrowIfNull(onFreed);
        CheckUsable("take a free callback");
        _buffer.OnFreed += onFreed;
    }

    /// <summary>
    /// Lets go of the owner's own hold. The memory goes back to the pool, on the owner's thread, when no
    /// borrow is out (at once if none is). May be called from any thread; calling it again does nothing.
    /// </summary>
    public void Dispose()
    {
        if (_detached) return;
        var owner = _buffer.Owner;
        if (owner.IsCurrent)
        {
            if (_released) return;
            _released = true;
            GC.SuppressFinalize(this);
            SharingState.For(owner).ReleaseOwnerHold(_buffer);
        }
        else if (owner.State != DomainState.Closed)
        {
            owner.SendInternal(new ReleaseOwnerHold(this));
        }
    }

    /// <summary>
    /// An owner's handle collected without Dispose still lets go of the owner's hold, on the owner's
    /// thread, so that the memory goes back once the borrows are back instead of at the domain's close.
    /// </summary>
    ~SharedBuffer()
    {
        if (!_released && !_detached && _buffer.Owner.State != DomainState.Closed)
            _buffer.Owner.SendInternal(new ReleaseOwnerHold(this));
    }

    internal void ReleaseOnOwnerThread() => Dispose();

    /// <inheritdoc />
    public override string ToString() => $"{_buffer} owned by '{_buffer.Owner.Name}'";

    private void CheckUsable(string operation)
    {
        _buffer.Owner.VerifyCurrent("", _buffer);
        if (_detached) SharingThrow.BufferDisposed(_buffer, $"was transferred away, so it cannot {operation}");
        if (_released) SharingThrow.BufferDisposed(_buffer, $"was disposed by its owner, so it cannot {operation}");
    }
}
