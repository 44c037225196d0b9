using System.Buffers;
using ActorInterp.Domains;

namespace ActorInterp.Sharing;

/// <summary>
/// Settings of shared buffers and of the ownership-return protocol for one <see cref="DomainRuntime"/>.
/// Immutable, and checked as they are set (a bad value fails where it is written, naming the option).
/// </summary>
/// <remarks>
/// Give them to the runtime in its options' <see cref="DomainRuntimeOptions.Layers"/>; a runtime given none
/// reads them from its actor system's <c>actorinterp</c> HOCON section (<see cref="FromConfig"/>), whose
/// missing keys take the defaults:
/// <code>
/// var runtime = DomainRuntime.Create(new DomainRuntimeOptions
/// {
///     DefaultCloseTimeout = TimeSpan.FromSeconds(10),
///     Layers = [new SharingOptions { MaxBufferLength = 64 &lt;&lt; 20, TrackLeakSites = true }],
/// });
/// </code>
/// <c>options.WithSharing(...)</c> makes a copy of existing options with other sharing settings, and
/// <c>runtime.GetSharingOptions()</c> reads the ones a runtime uses (see <see cref="SharingOptionsExtensions"/>).
/// </remarks>
public sealed record SharingOptions : RuntimeLayerOptions
{
    private readonly ArrayPool<byte> _bufferPool = ArrayPool<byte>.Shared;
    private readonly int _maxBufferLength = Array.MaxLength;

    /// <summary>The settings' defaults.</summary>
    public static SharingOptions Default { get; } = new();

    /// <summary>
    /// The settings from the <c>actorinterp</c> section of <paramref name="config"/>: <c>leak-tracking</c>
    /// (<see cref="TrackLeakSites"/>) and <c>coalesce-returns</c> (<see cref="CoalesceReturns"/>); missing keys
    /// take their defaults. A runtime whose options carry no sharing settings reads them this way from its
    /// actor system.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="Akka.Configuration.ConfigurationException">A key has a value it cannot take (the message names the key).</exception>
    public static SharingOptions FromConfig(Akka.Configuration.Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new SharingOptions
        {
            TrackLeakSites = ConfigSection.Read(config, "leak-tracking", static (c, p) => c.GetBoolean(p), false),
            CoalesceReturns = ConfigSection.Read(config, "coalesce-returns", static (c, p) => c.GetBoolean(p), true),
        };
    }

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
