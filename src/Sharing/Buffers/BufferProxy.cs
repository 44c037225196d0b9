using System.Diagnostics;
using ActorInterp.Domains;

namespace ActorInterp.Sharing;

/// <summary>
/// A read-only view of another domain's shared buffer, held by one domain (its holder). No bytes were
/// copied to make it. While it is alive the owner will not free or reuse the memory; when the last
/// reference is disposed (or the proxy is collected without being disposed) the borrow goes back to the
/// owner, which frees the memory on its own thread.
/// </summary>
/// <remarks>
/// Members must be called on the holder's thread (else <see cref="WrongDomainException"/>), except
/// <see cref="Dispose"/>, which may be called from anywhere. A <see cref="Memory"/> or <see cref="Span"/>
/// is valid until the proxy is disposed, like memory from an <see cref="System.Buffers.IMemoryOwner{T}"/>.
/// A proxy is a view of a range of the buffer (<see cref="Offset"/>, <see cref="Length"/>): the whole buffer
/// unless it was opened from a slice's handle or cut with <see cref="Slice"/>. It reads only its range, and
/// everything it passes on lies inside that range. Every proxy of one buffer in one holder shares the
/// holder's one borrow of the whole buffer, which goes back when the last of them is let go.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class BufferProxy : IReadOnlyBuffer
{
    private readonly HeldEntry _entry;
    private readonly string? _openedAt;
    private readonly int _offset;
    private readonly int _length;
    private int _references = 1;

    internal BufferProxy(HeldEntry entry, Domain holder, string? openedAt, int offset, int length)
    {
        _entry = entry;
        Holder = holder;
        _openedAt = openedAt;
        _offset = offset;
        _length = length;
    }

    /// <summary>The domain that owns the buffer.</summary>
    public Domain Owner => _entry.Buffer.Owner;

    /// <summary>The domain that holds this proxy.</summary>
    public Domain Holder { get; }

    /// <summary>The runtime-wide id of the buffer.</summary>
    public long BufferId => _entry.Buffer.Id;

    /// <summary>The owner-side core of the buffer this proxy reads, for layers that keep state of their own per buffer.</summary>
    internal OwnedBuffer Core => _entry.Buffer;

    /// <summary>The length in bytes of this proxy's view: the buffer's length, or its slice's. Any thread.</summary>
    public int Length => _length;

    /// <summary>
    /// Where this proxy's view starts in the buffer <see cref="BufferId"/> names: 0 for a whole buffer. (A
    /// layer above that lends a copy of just the range, rather than the buffer, makes proxies whose
    /// <see cref="BufferId"/> names that copy, so the offset is 0 there.) Any thread.
    /// </summary>
    public int Offset => _offset;

    /// <summary>True when the owner was force-closed or crashed and revoked the borrow.</summary>
    public bool IsRevoked => _entry.Buffer.IsRevoked;

    /// <summary>The bytes of this proxy's view (<see cref="Length"/> of them). Holder's thread only.</summary>
    /// <exception cref="ObjectDisposedException">Disposed, or the holder is closing.</exception>
    /// <exception cref="OwnerClosedException">The owner revoked the borrow.</exception>
    /// <exception cref="WrongDomainException">Not on the holder's thread.</exception>
    public ReadOnlySpan<byte> Span => Memory.Span;

    /// <summary>The bytes, as memory valid until the proxy is disposed. Holder's thread only.</summary>
    /// <exception cref="ObjectDisposedException">Disposed, or the holder is closing.</exception>
    /// <exception cref="OwnerClosedException">The owner revoked the borrow.</exception>
    /// <exception cref="WrongDomainException">Not on the holder's thread.</exception>
    public ReadOnlyMemory<byte> Memory
    {
        get
        {
            CheckReadable();
            return new ReadOnlyMemory<byte>(_entry.Buffer.Array, _offset, _length);
        }
    }

    ReadOnlySpan<byte> IReadOnlyBuffer.ReadOnlySpan => Memory.Span;

    ReadOnlyMemory<byte> IReadOnlyBuffer.ReadOnlyMemory => Memory;

    /// <summary>Adds a reference: the borrow is given back only after one more <see cref="Dispose"/>. Holder's thread only.</summary>
    public BufferProxy Retain()
    {
        CheckReadable();
        _references++;
        return this;
    }

    /// <summary>
    /// Passes this proxy's view on to <paramref name="target"/> without a copy and without asking the owner:
    /// this proxy stays valid, and the handle carries part of this holder's borrow. A proxy of a slice passes
    /// on only its slice. Holder's thread only.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="target"/> is the holder, or of another runtime.</exception>
    /// <exception cref="DomainClosedException">The target is closing or closed.</exception>
    public BufferHandle Share(Domain target)
    {
        ArgumentNullException.ThrowIfNull(target);
        CheckReadable();
        return SharingState.For(Holder).Forward(_entry, target, _offset, _length);
    }

    /// <summary>
    /// Passes a slice of this proxy's view on to <paramref name="target"/>, as <see cref="Share(Domain)"/>
    /// does the whole view: <paramref name="start"/> counts from the start of this view, and the slice must
    /// lie inside it, so a forward can only narrow what its taker reads. The taker's proxy reads
    /// <paramref name="length"/> bytes; the borrow is still one of the whole buffer. Holder's thread only.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> or <paramref name="length"/> is negative,
    /// or the slice reaches past the end of this view. Nothing was lent.</exception>
    /// <exception cref="ArgumentException"><paramref name="target"/> is the holder, or of another runtime.</exception>
    /// <exception cref="DomainClosedException">The target is closing or closed.</exception>
    public BufferHandle Share(Domain target, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(target);
        CheckReadable();
        SliceBounds.Check(start, length, _length, this);
        return SharingState.For(Holder).Forward(_entry, target, _offset + start, length);
    }

    /// <summary>
    /// A narrower view of the same borrow, held by the same domain: a new proxy that reads
    /// <paramref name="length"/> bytes from <paramref name="start"/> (counted from the start of this view),
    /// like slicing a <c>memoryview</c>. Nothing is copied and the owner is not asked. The slice has a
    /// reference of its own, independent of this proxy's: dispose each; the holder's borrow goes back when
    /// the last proxy of the buffer is let go. Passed on (<see cref="Share(Domain)"/>, or inside a message),
    /// the slice lends only its range. Holder's thread only.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="start"/> or <paramref name="length"/> is negative,
    /// or the slice reaches past the end of this view.</exception>
    /// <exception cref="ObjectDisposedException">Disposed, or the holder is closing.</exception>
    /// <exception cref="OwnerClosedException">The owner revoked the borrow.</exception>
    /// <exception cref="WrongDomainException">Not on the holder's thread.</exception>
    public BufferProxy Slice(int start, int length)
    {
        CheckReadable();
        SliceBounds.Check(start, length, _length, this);
        _entry.AddProxy();
        var site = SharingState.For(Holder).Options.TrackLeakSites ? Environment.StackTrace : null;
        return new BufferProxy(_entry, Holder, site, _offset + start, length);
    }

    internal BufferHandle ShareParkedCore(int parkingId)
    {
        CheckReadable();
        return SharingState.For(Holder).ForwardParked(_entry, parkingId, _offset, _length);
    }

    /// <summary>
    /// Drops one reference; the last one gives the borrow back to the owner. Extra calls do nothing. May
    /// be called from any thread: off the holder's thread the release is posted to the holder.
    /// </summary>
    public void Dispose()
    {
        if (!Holder.IsCurrent)
        {
            if (Holder.State != DomainState.Closed) Holder.SendInternal(new ReleaseProxy(this, finalized: false));
            return;
        }
        ReleaseOnHolderThread(finalized: false);
    }

    /// <summary>A proxy collected without Dispose is a leak caught late: its borrow still goes back, and it is counted and logged.</summary>
    ~BufferProxy()
    {
        if (Volatile.Read(ref _references) > 0 && Holder.State != DomainState.Closed)
            Holder.SendInternal(new ReleaseProxy(this, finalized: true));
    }

    internal void ReleaseOnHolderThread(bool finalized)
    {
        if (_references == 0) return;
        if (finalized)
        {
            _references = 0;
            SharingState.For(Holder).ReportFinalized(_entry, _openedAt);
        }
        else if (--_references > 0)
        {
            return;
        }
        GC.SuppressFinalize(this);
        SharingState.For(Holder).ReleaseProxy(_entry);
    }

    /// <inheritdoc />
    public override string ToString() => $"proxy of {SliceBounds.Describe(_offset, _length, _entry.Buffer.Length)}{_entry.Buffer} held by '{Holder.Name}'";

    private void CheckReadable()
    {
        Holder.VerifyCurrent("The proxy of", _entry.Buffer);
        if (_references == 0) SharingThrow.ProxyDisposed(_entry.Buffer, Holder);
        if (_entry.Buffer.IsRevoked) SharingThrow.OwnerClosed(_entry.Buffer);
        if (_entry.Released) SharingThrow.HolderClosed(_entry.Buffer, Holder);
    }
}
