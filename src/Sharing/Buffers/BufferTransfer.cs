using ActorInterp.Domains;

namespace ActorInterp.Sharing;

/// <summary>
/// A buffer moving, writable, from one domain to another (made by <see cref="SharedBuffer.Transfer"/>). Its
/// target accepts it once, on its own thread, and owns the buffer from then on. A transfer that is never
/// accepted gives the memory back to its source's pool (at <see cref="Dispose"/>, or when collected).
/// </summary>
public sealed class BufferTransfer : IDisposable
{
    private int _state; // 0 fresh, 1 accepted, 2 dropped

    internal BufferTransfer(OwnedBuffer buffer, Domain source, Domain target)
    {
        Buffer = buffer;
        Source = source;
        Target = target;
    }

    /// <summary>The domain the buffer comes from.</summary>
    public Domain Source { get; }

    /// <summary>The domain that will own the buffer; only it can accept.</summary>
    public Domain Target { get; }

    /// <summary>The buffer's length in bytes.</summary>
    public int Length => Buffer.Length;

    internal OwnedBuffer Buffer { get; }

    /// <summary>Takes ownership of the buffer. Target's thread only; once.</summary>
    /// <exception cref="WrongDomainException">The caller does not run on the target's thread.</exception>
    /// <exception cref="InvalidOperationException">Already accepted, or disposed.</exception>
    public SharedBuffer Accept()
    {
        Target.VerifyCurrent("The transfer of", Buffer);
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
            throw new InvalidOperationException($"The transfer of {Buffer} to '{Target.Name}' was accepted or disposed already.");
        GC.SuppressFinalize(this);
        return SharingState.For(Target).AcceptTransfer(this);
    }

    /// <summary>Gives the memory back to the source's pool if the transfer was never accepted. Any thread.</summary>
    public void Dispose()
    {
        if (Drop()) GC.SuppressFinalize(this);
    }

    /// <summary>A transfer lost unaccepted gives its memory back.</summary>
    ~BufferTransfer() => Drop();

    private bool Drop()
    {
        if (Interlocked.CompareExchange(ref _state, 2, 0) != 0) return false;
        // Nobody owns the memory in flight; the source rented it, so the source returns it to the pool.
        // If the source is gone the array is left to the collector, never reused under anyone.
        if (Source.State != DomainState.Closed) Source.SendInternal(new TransferLost(Buffer));
        return true;
    }
}
