using System.Buffers;
using ActorInterp.Domains;

namespace ActorInterp.Sharing.Tests.Support;

/// <summary>One call into a <see cref="RecordingPool"/>.</summary>
public sealed record PoolEvent(bool IsRent, byte[] Array, int ThreadId, Domain? Domain);

/// <summary>
/// A pool that records the thread and domain of every Rent and Return, knows which arrays are out, and
/// notes every Return of an array that is not out (a double return) as an error instead of hiding it.
/// With <c>record: false</c> it keeps only what is out (for the stress test, where an event log would be large).
/// </summary>
public sealed class RecordingPool(ArrayPool<byte>? inner = null, bool record = true) : ArrayPool<byte>
{
    private readonly ArrayPool<byte> _inner = inner ?? Create();
    private readonly object _gate = new();
    private readonly Dictionary<byte[], Domain?> _out = new(ReferenceEqualityComparer.Instance);
    private readonly List<PoolEvent> _events = [];
    private readonly List<string> _errors = [];
    private long _rents;
    private long _returns;

    /// <summary>Rents so far.</summary>
    public long Rents => Interlocked.Read(ref _rents);

    /// <summary>Returns so far (double returns included).</summary>
    public long Returns => Interlocked.Read(ref _returns);

    /// <summary>Arrays rented and not returned.</summary>
    public int Outstanding { get { lock (_gate) return _out.Count; } }

    /// <summary>Misuses seen: a Return of an array that was not out, or on a thread other than its owner's.</summary>
    public IReadOnlyList<string> Errors { get { lock (_gate) return _errors.ToArray(); } }

    /// <summary>Every Rent and Return in order.</summary>
    public IReadOnlyList<PoolEvent> Events { get { lock (_gate) return _events.ToArray(); } }

    /// <summary>The Rent calls.</summary>
    public IReadOnlyList<PoolEvent> RentEvents => Events.Where(e => e.IsRent).ToArray();

    /// <summary>The Return calls of <paramref name="array"/>.</summary>
    public IReadOnlyList<PoolEvent> ReturnsOf(byte[] array) => Events.Where(e => !e.IsRent && ReferenceEquals(e.Array, array)).ToArray();

    /// <summary>True while <paramref name="array"/> is rented and not returned.</summary>
    public bool IsOut(byte[] array) { lock (_gate) return _out.ContainsKey(array); }

    /// <summary>
    /// When set, a Return must happen on the thread of the domain that rented the array (or that it was
    /// handed to with <see cref="Reassign"/>); any other thread is recorded as an error.
    /// </summary>
    public bool CheckOwnerThread { get; init; }

    /// <summary>The array now belongs to <paramref name="owner"/> (it was transferred).</summary>
    public void Reassign(byte[] array, Domain owner)
    {
        lock (_gate)
        {
            if (_out.ContainsKey(array)) _out[array] = owner;
            else _errors.Add($"array of {array.Length} bytes reassigned to '{owner.Name}' while it is not out");
        }
    }

    public override byte[] Rent(int minimumLength)
    {
        var array = _inner.Rent(minimumLength);
        var domain = Domain.Current;
        lock (_gate)
        {
            if (!_out.TryAdd(array, domain)) _errors.Add($"the pool handed out an array of {array.Length} bytes that is still out");
            if (record) _events.Add(new PoolEvent(true, array, Environment.CurrentManagedThreadId, domain));
        }
        Interlocked.Increment(ref _rents);
        return array;
    }

    public override void Return(byte[] array, bool clearArray = false)
    {
        var domain = Domain.Current;
        bool wasOut;
        lock (_gate)
        {
            wasOut = _out.Remove(array, out var owner);
            if (!wasOut)
                _errors.Add($"double return: an array of {array.Length} bytes came back while not out (on {domain?.Name ?? "no domain"})");
            else if (CheckOwnerThread && owner != domain)
                _errors.Add($"an array of {array.Length} bytes owned by '{owner?.Name}' was returned on {domain?.Name ?? "no domain"}");
            if (record) _events.Add(new PoolEvent(false, array, Environment.CurrentManagedThreadId, domain));
        }
        Interlocked.Increment(ref _returns);
        // A double-returned array is kept from the inner pool, so that the error is reported, not amplified.
        if (wasOut) _inner.Return(array, clearArray);
    }
}
