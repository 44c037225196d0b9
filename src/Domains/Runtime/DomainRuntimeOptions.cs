using System.Buffers;

namespace ActorInterp.Domains;

/// <summary>Settings of a <see cref="DomainRuntime"/>. Set them before the runtime is created.</summary>
public sealed class DomainRuntimeOptions
{
    /// <summary>How long a drain close waits by default. Default 30 s.</summary>
    public TimeSpan DefaultCloseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Record where each proxy was opened, so that a proxy finalized without Dispose is logged with its
    /// creation site. Costs a stack trace per open; off by default.
    /// </summary>
    public bool TrackLeakSites { get; set; }

    /// <summary>
    /// Coalesce ownership returns: the returns a holder makes to one owner within one turn travel in one
    /// message. On by default; off sends one message per return (the baseline the benchmarks compare with).
    /// </summary>
    public bool CoalesceReturns { get; set; } = true;

    /// <summary>The pool shared buffers are rented from and returned to. Default <see cref="ArrayPool{T}.Shared"/>.</summary>
    public ArrayPool<byte> BufferPool { get; set; } = ArrayPool<byte>.Shared;

    /// <summary>The largest shared buffer, in bytes. Default <see cref="Array.MaxLength"/>.</summary>
    public int MaxBufferLength { get; set; } = Array.MaxLength;

    /// <summary>
    /// How many messages a domain's actor processes before the dispatcher looks at its other actors.
    /// Default 100.
    /// </summary>
    public int Throughput { get; set; } = 100;

    /// <summary>
    /// How many threads the runtime keeps started ahead of need, so that creating a domain does not wait for
    /// a thread to start. Every domain runs on a thread of its own that no other domain ever used, and the
    /// thread exits when the domain has closed and its last actor has stopped; a background job starts a new
    /// ready thread for each one taken. 0 starts each domain's thread as the domain is created. Default 2.
    /// </summary>
    public int ReadyThreads { get; set; } = 2;

    /// <summary>Has no effect: a domain's thread no longer lingers after the domain closed; it exits at once.</summary>
    [Obsolete("A domain's thread exits as soon as the domain has closed and its last actor stopped; this setting has no effect.")]
    public TimeSpan ThreadShutdownTimeout { get; set; } = TimeSpan.FromSeconds(1);

    internal DomainRuntimeOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(DefaultCloseTimeout, TimeSpan.Zero, nameof(DefaultCloseTimeout));
        ArgumentNullException.ThrowIfNull(BufferPool, nameof(BufferPool));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBufferLength, 1, nameof(MaxBufferLength));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBufferLength, Array.MaxLength, nameof(MaxBufferLength));
        ArgumentOutOfRangeException.ThrowIfLessThan(Throughput, 1, nameof(Throughput));
        ArgumentOutOfRangeException.ThrowIfNegative(ReadyThreads, nameof(ReadyThreads));
        return this;
    }
}
