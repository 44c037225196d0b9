using System.Runtime.Serialization;
using ActorInterp.Actors;
using ActorInterp.Sharing;
using Akka.Actor;
using Akka.Util;
using Hyperion;

namespace ActorInterp.Cluster;

/// <summary>
/// The body of an actor message with buffers sent to a domain actor on another node. It is serialized on
/// the sender's thread with Hyperion (unsafe types disallowed), each buffer written as its index among the
/// message's buffers and each actor reference (and <see cref="DomainActorRef"/>) as its surrogate; on the
/// receiving node it is rebuilt on the target domain's thread, where each index becomes the proxy just
/// opened on the node's copy of that buffer.
/// </summary>
internal sealed class RemotePayload(byte[] bytes, ActorSystem system) : IShareable, IRebuiltGraph
{
    [ThreadStatic] private static Context? t_context;

    private static readonly Serializer s_serializer = new(SerializerOptions.Default
        .WithPreserveObjectReferences(true)
        .WithSurrogates(
        [
            Surrogate.Create<IReadOnlyBuffer, BufferSlot>(b => new BufferSlot(Current.IndexOf(b)), s => Current.ProxyAt(s.Index)),
            Surrogate.Create<ISurrogated, ISurrogate>(s => s.ToSurrogate(Current.System), s => s.FromSurrogate(Current.System)),
        ]));

    internal byte[] Bytes { get; } = bytes;

    /// <summary>Serializes <paramref name="graph"/>, whose buffers are <paramref name="buffers"/> (by reference). Sender's thread.</summary>
    /// <exception cref="SerializationException">Something in the message cannot be serialized.</exception>
    internal static byte[] Serialize(ActorSystem system, object graph, IReadOnlyList<object> buffers)
    {
        var previous = t_context;
        t_context = new Context(system, buffers, null);
        try
        {
            using var stream = new MemoryStream();
            Akka.Serialization.Serialization.WithTransport((ExtendedActorSystem)system, () =>
            {
                s_serializer.Serialize(graph, stream);
                return 0;
            });
            return stream.ToArray();
        }
        catch (Exception ex) when (ex is not SerializationException)
        {
            throw new SerializationException($"{graph.GetType()} could not be serialized for another node: {ex.GetType().Name}: {ex.Message}", ex);
        }
        finally
        {
            t_context = previous;
        }
    }

    /// <summary>The message, with the opened proxies in place of the buffers. Target domain's thread.</summary>
    public object Rebuild(BufferLink[] links)
    {
        var previous = t_context;
        t_context = new Context(system, null, links.Select(l => l.Proxy!).ToArray());
        try
        {
            using var stream = new MemoryStream(Bytes, writable: false);
            return s_serializer.Deserialize(stream);
        }
        finally
        {
            t_context = previous;
        }
    }

    public override string ToString() => $"message of {Bytes.Length} bytes from another node";

    private static Context Current => t_context ?? throw new InvalidOperationException("A remote message body is serialized only by the cluster exchange.");

    private sealed record Context(ActorSystem System, IReadOnlyList<object>? Buffers, BufferProxy[]? Proxies)
    {
        internal int IndexOf(IReadOnlyBuffer buffer)
        {
            if (Buffers is not null)
                for (var i = 0; i < Buffers.Count; i++)
                    if (ReferenceEquals(Buffers[i], buffer)) return i;
            throw new SerializationException("A buffer in the message was not lent with it; it was changed while it was being sent.");
        }

        internal BufferProxy ProxyAt(int index) =>
            Proxies is not null && index >= 0 && index < Proxies.Length
                ? Proxies[index]
                : throw new SerializationException($"A message from another node names buffer {index}, which did not travel with it.");
    }

    /// <summary>A buffer's place in the message: its index among the message's buffers.</summary>
    internal sealed class BufferSlot(int index)
    {
        public int Index { get; } = index;
    }
}
