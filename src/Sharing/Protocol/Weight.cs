using System.Diagnostics;
using System.Numerics;

namespace ActorInterp.Sharing.Protocol;

/// <summary>
/// An exact, signed dyadic rational: the weight a borrow carries. A share starts at <see cref="One"/>; each
/// forward halves what the forwarder keeps. Halving never runs out (unlike an integer weight, which needs a
/// top-up round trip when it reaches 1), so forwarding never waits for the owner.
/// </summary>
/// <remarks>
/// Weights whose value is a multiple of 2^-100 live in an <see cref="Int128"/> (the fast path: a hundred
/// halvings of one share, or 2^26 whole shares outstanding); finer or larger values fall back to a
/// <see cref="BigInteger"/> scaled by a further power of two, and come back to the fast path when they can.
/// </remarks>
internal readonly struct Weight : IEquatable<Weight>
{
    private const int FastBits = 100;
    private static readonly Int128 FastOne = Int128.One << FastBits;

    private readonly Int128 _fast; // value = _fast / 2^FastBits, when _deep is null
    private readonly Deep? _deep;  // value = Mantissa / 2^(FastBits + Bits), when set (rare: kept out of line, so
                                   // that the common weight is 32 bytes where it travels in handles and batches)

    private Weight(Int128 fast)
    {
        _fast = fast;
        _deep = null;
    }

    private Weight(BigInteger deep, int deepBits)
    {
        _fast = default;
        _deep = new Deep(deep, deepBits);
    }

    /// <summary>The weight of one share.</summary>
    public static Weight One => new(FastOne);

    /// <summary>No weight.</summary>
    public static Weight Zero => default;

    public bool IsZero => _deep is { } deep ? deep.Mantissa.IsZero : _fast == Int128.Zero;

    public int Sign => _deep is { } deep ? deep.Mantissa.Sign : Int128.Sign(_fast);

    /// <summary>Half of this weight, exactly.</summary>
    public Weight Half()
    {
        if (_deep is null && (_fast & Int128.One) == Int128.Zero) return new Weight(_fast >> 1);
        var (m, bits) = Widen();
        return Normalize(m, bits + 1);
    }

    public static Weight operator +(Weight a, Weight b)
    {
        if (a._deep is null && b._deep is null)
        {
            var r = a._fast + b._fast;
            // Signed overflow happened iff both operands have the sign opposite to the result's.
            if (((a._fast ^ r) & (b._fast ^ r)) >= Int128.Zero) return new Weight(r);
        }
        var (am, ab) = a.Widen();
        var (bm, bb) = b.Widen();
        var bits = Math.Max(ab, bb);
        return Normalize((am << (bits - ab)) + (bm << (bits - bb)), bits);
    }

    public static Weight operator -(Weight a) => a._deep is { } deep ? new Weight(-deep.Mantissa, deep.Bits) : Negate(a._fast);

    public static Weight operator -(Weight a, Weight b) => a + -b;

    public static bool operator ==(Weight a, Weight b) => (a - b).IsZero;

    public static bool operator !=(Weight a, Weight b) => !(a == b);

    public bool Equals(Weight other) => this == other;

    public override bool Equals(object? obj) => obj is Weight w && Equals(w);

    public override int GetHashCode() => ToDouble().GetHashCode();

    /// <summary>The value as a double, in shares (for logs and stats only: not exact).</summary>
    public double ToDouble() => _deep is { } deep
        ? (double)deep.Mantissa / Math.Pow(2, FastBits + deep.Bits)
        : (double)_fast / (double)FastOne;

    public override string ToString() => ToDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The exponent form of a weight that is a power of two, 2^-<paramref name="depth"/> shares, and
    /// the reverse: used where a weight must be written compactly (a handle that was forwarded
    /// <paramref name="depth"/> times from a proxy that held one share).
    /// </summary>
    public static Weight OfDepth(int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        return depth <= FastBits ? new Weight(FastOne >> depth) : new Weight(BigInteger.One, depth - FastBits);
    }

    private static Weight Negate(Int128 value) =>
        value == Int128.MinValue ? new Weight(-(BigInteger)value, 0) : new Weight(-value);

    private (BigInteger Mantissa, int Bits) Widen() => _deep is { } deep ? (deep.Mantissa, deep.Bits) : ((BigInteger)_fast, 0);

    private static Weight Normalize(BigInteger mantissa, int bits)
    {
        Debug.Assert(bits >= 0);
        if (mantissa.IsZero) return Zero;
        while (bits > 0 && mantissa.IsEven)
        {
            mantissa >>= 1;
            bits--;
        }
        if (bits == 0 && mantissa >= (BigInteger)Int128.MinValue && mantissa <= (BigInteger)Int128.MaxValue)
            return new Weight((Int128)mantissa);
        return new Weight(mantissa, bits);
    }

    private sealed class Deep(BigInteger mantissa, int bits)
    {
        public BigInteger Mantissa { get; } = mantissa;
        public int Bits { get; } = bits;
    }
}
