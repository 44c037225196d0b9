using System.Security.Cryptography;

namespace ActorInterp.Cluster;

/// <summary>
/// The owner node's permission for one pull of one lease's bytes over its lane: the token sent in the offer, and the
/// range of the owner's buffer it reads. The lease's end revokes it (<see cref="Revoke"/>) before the lease's borrow
/// goes back, and the lane copies the owner's bytes only under the same lock while not revoked: once the borrow is
/// back and the owner may free (and its pool reuse) the memory, the lane reads none of it. Thread-safe.
/// </summary>
internal sealed class LaneGrant(long leaseId, byte[] array, int offset, int length)
{
    private readonly Lock _gate = new();
    private bool _claimed, _revoked;
    private IDisposable? _connection;

    public long LeaseId { get; } = leaseId;

    /// <summary>128 random bits: proof that a request comes from the node the offer went to.</summary>
    public UInt128 Token { get; } = NewToken();

    public int Length { get; } = length;

    /// <summary>
    /// True for the first request with the right token while the grant stands: a token is good for one pull, served
    /// on <paramref name="connection"/> (closed by a revocation).
    /// </summary>
    public bool TryClaim(UInt128 token, IDisposable connection)
    {
        Span<byte> expected = stackalloc byte[16], given = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(expected, Token);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128LittleEndian(given, token);
        var matches = CryptographicOperations.FixedTimeEquals(expected, given);
        lock (_gate)
        {
            if (!matches || _claimed || _revoked) return false;
            _claimed = true;
            _connection = connection;
            return true;
        }
    }

    /// <summary>Copies bytes [<paramref name="start"/>, + destination's length) of the lent range, unless the grant was revoked (then false).</summary>
    public bool TryCopy(int start, Span<byte> destination)
    {
        lock (_gate)
        {
            if (_revoked) return false;
            array.AsSpan(offset + start, destination.Length).CopyTo(destination);
            return true;
        }
    }

    /// <summary>No byte of the owner's buffer is read after this returns. Returns the connection of a pull under way, if any, for the caller to close.</summary>
    public IDisposable? Revoke()
    {
        lock (_gate)
        {
            _revoked = true;
            var connection = _connection;
            _connection = null;
            return connection;
        }
    }

    private static UInt128 NewToken()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(bytes);
    }
}
