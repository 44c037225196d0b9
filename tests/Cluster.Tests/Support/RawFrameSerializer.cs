using ActorInterp.Cluster;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace ActorInterp.Cluster.Tests.Support;

/// <summary>Bytes to put on the wire as a protocol frame with <see cref="Manifest"/>, exactly as given.</summary>
public sealed record RawFrame(string Manifest, byte[] Bytes);

/// <summary>
/// A foreign node's serializer that claims the exchange serializer's id and writes <see cref="RawFrame"/>s as they
/// are: how a test puts on the wire a frame that no <see cref="ExchangeSerializer"/> would write.
/// </summary>
public sealed class RawFrameSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>A remoting (not cluster) system on 127.0.0.1 whose <see cref="RawFrame"/>s travel as exchange frames.</summary>
    public static Config Config => ConfigurationFactory.ParseString($$"""
        akka.loglevel = WARNING
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        akka.actor.serializers.raw = "{{typeof(RawFrameSerializer).AssemblyQualifiedName}}"
        akka.actor.serialization-bindings { "{{typeof(RawFrame).FullName}}, {{typeof(RawFrame).Assembly.GetName().Name}}" = raw }
        """);

    public override int Identifier => ExchangeSerializer.SerializerId;

    public override string Manifest(object o) => ((RawFrame)o).Manifest;

    public override byte[] ToBinary(object obj) => ((RawFrame)obj).Bytes;

    public override object FromBinary(byte[] bytes, string manifest) => new RawFrame(manifest, bytes);
}
