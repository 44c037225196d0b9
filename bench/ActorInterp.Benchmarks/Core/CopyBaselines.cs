using Hyperion;

namespace ActorInterp.Benchmarks.Core;

/// <summary>The baselines a buffer move is compared with: a Hyperion round trip (as Akka's Hyperion serializer does it) and Array.Copy.</summary>
public sealed class CopyBaselines
{
    private readonly Serializer _serializer = new(SerializerOptions.Default.WithPreserveObjectReferences(true).WithVersionTolerance(true));

    public ulong HyperionRoundTrip(byte[] source, bool read)
    {
        // Akka.Serialization.Hyperion: ToBinary into a fresh MemoryStream + ToArray, FromBinary from the bytes.
        using var output = new MemoryStream();
        _serializer.Serialize(source, output);
        var wire = output.ToArray();
        var copy = _serializer.Deserialize<byte[]>(new MemoryStream(wire));
        return read ? Bytes.Sum(copy) : (ulong)copy.Length;
    }

    public static ulong ArrayCopy(byte[] source, bool read)
    {
        var copy = new byte[source.Length];
        Array.Copy(source, copy, source.Length);
        return read ? Bytes.Sum(copy) : (ulong)copy.Length;
    }
}
