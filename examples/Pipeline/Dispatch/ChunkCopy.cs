using Hyperion;

namespace ActorInterp.Examples.Pipeline.Dispatch;

/// <summary>A chunk as a copying design sends it: its bytes inside a serializable message.</summary>
public sealed class ChunkCopy
{
    /// <summary>The chunk's memory; the first <see cref="Length"/> bytes are the text.</summary>
    public byte[] Bytes = [];

    /// <summary>Bytes of text in <see cref="Bytes"/>.</summary>
    public int Length;

    /// <summary>A Hyperion serializer as Akka.NET's Hyperion serializer sets it up for messages.</summary>
    public static Serializer NewSerializer() => new(SerializerOptions.Default.WithPreserveObjectReferences(true).WithVersionTolerance(true));
}
