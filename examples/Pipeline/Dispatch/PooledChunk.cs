using System.Buffers;

namespace ActorInterp.Examples.Pipeline.Dispatch;

/// <summary>A chunk in an array from <see cref="ArrayPool{T}.Shared"/>: the memory of plain mode, which any thread may return.</summary>
internal sealed class PooledChunk(int size) : ReaderChunk
{
    private byte[]? _array = ArrayPool<byte>.Shared.Rent(size);

    public override Span<byte> Span => Array.AsSpan(0, size);

    /// <summary>The rented array (at least as long as the chunk).</summary>
    public byte[] Array => _array ?? throw new ObjectDisposedException(nameof(PooledChunk), "The chunk went back to the pool.");

    /// <summary>Returns the array to the pool; the chunk is unusable after.</summary>
    public override void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null) ?? throw new InvalidOperationException("A pooled chunk was returned twice.");
        ArrayPool<byte>.Shared.Return(array);
    }
}
