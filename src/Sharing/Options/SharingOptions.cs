using System.Buffers;
using ActorInterp.Domains;

namespace ActorInterp.Sharing;

/// <summary>
/// Settings of shared buffers and of the ownership-return protocol for one <see cref="DomainRuntime"/>.
/// Immutable, and checked as they are set (a bad value fails where it is written, naming the option).
/// </summary>
/// <remarks>
/// Give them to the runtime in its options' <see cref="DomainRuntimeOptions.Layers"/>; a runtime given none
/// uses <see cref="Default"/>:
/// <code>
/// var runtime = DomainRuntime.Create(new DomainRuntimeOptions
/// {
///     DefaultCloseTimeout = TimeSpan.FromSeconds(10),
///     Layers = [new SharingOptions { MaxBufferLength = 64 &lt;&lt; 20, TrackLeakSites = true }],
/// });
/// </code>
/// <c>options.WithSharing(...)</c> makes a copy of existing options with other sharing settings, and
/// <c>runtime.Options.Sharing</c> reads a runtime's (see <see cref="SharingOptionsExtensions"/>).
/// </remarks>
public sealed record SharingOptions : RuntimeLayerOptions
{
    private readonly ArrayPool<byte> _bufferPool = ArrayPool<byte>.Shared;
    private readonly int _maxBufferLength = Array.MaxLength;

    /// <summary>The settings a runtime uses when it is given none.</summary>
    public static SharingOptions Default { get; } = new();

    /// <summary>
    /// Record where each proxy was opened, so that a proxy finalized without Dispose is logged with its
    /// creation site. Costs a stack trace per open; off by default.
    /// </summary>
    public bool TrackLeakSites { get; init; }

    /// <summary>
    /// Coalesce ownership returns: the returns a holder makes to one owner within one turn travel in one
    /// message. On by default; off sends one message per return (the baseline the benchmarks compare with).
    /// </summary>
    public bool CoalesceReturns { get; init; } = true;

    /// <summary>The pool shared buffers are rented from and returned to. Default <see cref="ArrayPool{T}.Shared"/>.</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public ArrayPool<byte> BufferPool
    {
        get => _bufferPool;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(BufferPool));
            _bufferPool = value;
        }
    }

    /// <summary>The largest shared buffer, in bytes. Default <see cref="Array.MaxLength"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1 or above <see cref="Array.MaxLength"/>.</exception>
    public int MaxBufferLength
    {
        get => _maxBufferLength;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MaxBufferLength));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Array.MaxLength, nameof(MaxBufferLength));
            _maxBufferLength = value;
        }
    }
}
