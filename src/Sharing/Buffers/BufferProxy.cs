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
/// </remarks>
public sealed class BufferProxy : IReadOnlyBuffer
{
    private readonly HeldEntry _entry;
    private readonly string? _openedAt;
    private int _references = 1;

    internal BufferProxy(HeldEntry entry, Domain holder, string? openedAt)
    {
        _entry = entry;
        Holder = holder;
        _openedAt = openedAt;
    }

    /// <summary>The domain that owns the buffer.</summary>
    public Domain Owner => _entry.Buffer.Owner;

    /// <summary>The domain that holds this proxy.</summary>
    public Domain Holder { get; }

    /// <summary>The runtime-wide id of the buffer.</summary>
    public long BufferId => _entry.Buffer.Id;

    /// <summary>The buffer's length in bytes.</summary>
    public int Length => _entry.Buffer.Length;

    /// <summary>True when the owner was force-closed or crashed and revoked the borrow.</summary>
    public bool IsRevoked => _entry.Buffer.IsRevoked;

    /// <summary>
    /// True when this proxy reads a node's local copy of a buffer owned on another cluster node, and that
    /// node has gone (left or was downed). The copy stays readable until the proxy is disposed; only the
    /// release to the owner is no longer sent. Any thread.
    /// </summary>
    public bool IsOrphaned => _entry.Buffer.IsOrphaned;

    /// <summary>The bytes. Holder's thread only.</summary>
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
            var buffer = _entry.Buffer;
            return new ReadOnlyMemory<byte>(buffer.Array, 0, buffer.Length);
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
    /// Passes the buffer on to <paramref name="target"/> without a copy and without asking the owner: this
    /// proxy stays valid, and the handle carries part of this holder's borrow. Holder's thread only.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="target"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="target"/> is the holder, or of another runtime.</exception>
    /// <exception cref="DomainClosedException">The target is closing or closed.</exception>
    public BufferHandle Share(Domain target)
    {
        ArgumentNullException.ThrowIfNull(target);
        CheckReadable();
        return SharingState.For(Holder).Forward(_entry, target);
    }

    internal BufferHandle ShareParkedCore(int parkingId)
    {
        CheckReadable();
        return SharingState.For(Holder).ForwardParked(_entry, parkingId);
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
    public override string ToString() => $"proxy of {_entry.Buffer} held by '{Holder.Name}'";

    private void CheckReadable()
    {
        Holder.VerifyCurrent("The proxy of", _entry.Buffer);
        if (_references == 0) SharingThrow.ProxyDisposed(_entry.Buffer, Holder);
        if (_entry.Buffer.IsRevoked) SharingThrow.OwnerClosed(_entry.Buffer);
        if (_entry.Released) SharingThrow.HolderClosed(_entry.Buffer, Holder);
    }
}
