using System.Buffers.Binary;
using System.Runtime.Serialization;
using ActorInterp.Cluster;
using ActorInterp.TestSupport;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Cluster.Tests.Protocol;

public sealed class ExchangeSerializerTests : ActorInterpTestKit
{
    private readonly ExchangeSerializer _serializer;

    public ExchangeSerializerTests() => _serializer = new ExchangeSerializer((ExtendedActorSystem)Sys);

    public static TheoryData<object> Messages => new()
    {
        new Offer(long.MaxValue, 1 << 20, 65536, 0xDEADBEEFUL, 17),
        new Offer(3, 1 << 24, 65536, 1, 2) { Lane = new LaneTicket(65535, UInt128.MaxValue - 7) },
        new LaneDeclined(12, "the lane could not be reached"),
        new ChunkAck(-5, 3),
        new Deliver(1, 2, "endpoint", "tag ünïcode"),
        new Release(9, 0),
        new ReleaseAck(10),
        new TransferFailed(11, "because"),
        new MessageDone(long.MinValue + 3, MessageFate.Dropped),
        new MessageDone(8, MessageFate.Delivered),
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_protocol_message_round_trips(object message)
    {
        var bytes = _serializer.ToBinary(message);
        Assert.Equal(message, _serializer.FromBinary(bytes, _serializer.Manifest(message)));
    }

    [Fact]
    public void An_actor_message_with_buffers_round_trips()
    {
        var message = new DeliverMessage([7, 8], [1, 3], "akka.tcp://sys@127.0.0.1:1/user/a", 4, "", [1, 2, 3], 12345);
        var back = (DeliverMessage)_serializer.FromBinary(_serializer.ToBinary(message), "M");
        Assert.Equal(message.LeaseIds, back.LeaseIds);
        Assert.Equal(message.Sequences, back.Sequences);
        Assert.Equal((message.Target, message.DomainId, message.Sender), (back.Target, back.DomainId, back.Sender));
        Assert.Equal(message.Payload, back.Payload);
        Assert.Equal(message.MessageId, back.MessageId);
    }

    [Fact]
    public void An_actor_message_with_an_oversized_payload_or_too_many_buffers_is_refused()
    {
        Assert.Throws<ArgumentException>(() => _serializer.ToBinary(new DeliverMessage([1], [1], "t", 1, "", new byte[FrameRules.MaxPayloadBytes + 1], 1)));
        var bytes = _serializer.ToBinary(new DeliverMessage([1], [1], "t", 1, "", [9], 1));
        bytes[1] = 0xFF; // the buffer count: 32,767 announced, over the limit
        bytes[2] = 0x7F;
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => _serializer.FromBinary(bytes, "M"));
        var truncated = _serializer.ToBinary(new DeliverMessage([1], [1], "t", 1, "", [9, 9, 9], 1))[..^1];
        Assert.Throws<System.Runtime.Serialization.SerializationException>(() => _serializer.FromBinary(truncated, "M"));
    }

    [Fact]
    public void A_chunk_round_trips_with_its_bytes()
    {
        var data = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var back = (Chunk)_serializer.FromBinary(_serializer.ToBinary(new Chunk(3, 4, 5, data)), "C");
        Assert.Equal((3L, 4, 5UL), (back.LeaseId, back.Index, back.Checksum));
        Assert.Equal(data, back.Data.ToArray());
    }

    [Fact]
    public void The_protocol_types_and_only_they_are_bound_to_the_serializer()
    {
        using var system = ActorSystem.Create("bindings", ClusterNodeConfig.Create());
        foreach (var type in ClusterNodeConfig.ProtocolTypes)
            Assert.IsType<ExchangeSerializer>(system.Serialization.FindSerializerForType(type));
        Assert.IsNotType<ExchangeSerializer>(system.Serialization.FindSerializerForType(typeof(string)));
        Assert.Throws<ArgumentException>(() => _serializer.ToBinary("not a protocol message"));
    }

    [Fact]
    public void Every_truncation_of_every_message_is_refused()
    {
        var all = ((IEnumerable<object[]>)Messages).Select(row => row[0])
            .Append(new Chunk(1, 0, 2, new byte[10]))
            .Append(new DeliverMessage([7], [1], "akka.tcp://sys@127.0.0.1:1/user/a", 2, "", [1, 2], 3));
        foreach (var message in all)
        {
            var bytes = _serializer.ToBinary(message);
            var manifest = _serializer.Manifest(message);
            for (var cut = 0; cut < bytes.Length; cut++)
                Assert.Throws<SerializationException>(() => _serializer.FromBinary(bytes[..cut], manifest));
            Assert.Throws<SerializationException>(() => _serializer.FromBinary([.. bytes, 0], manifest)); // trailing byte
        }
    }

    [Fact]
    public void Bad_versions_manifests_lengths_and_strings_are_refused_and_counted()
    {
        var before = _serializer.FramesRejected;
        var release = _serializer.ToBinary(new Release(1, 1));
        var wrongVersion = (byte[])release.Clone();
        wrongVersion[0] = 99;
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(wrongVersion, "R"));
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(release, "Z"));
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(release, "Akka.Actor.PoisonPill, Akka"));

        // A chunk that claims more bytes than the protocol allows, and one that claims more than it carries.
        var chunk = _serializer.ToBinary(new Chunk(1, 0, 0, new byte[16]));
        var lengthAt = 1 + 8 + 4 + 8;
        var huge = (byte[])chunk.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(huge.AsSpan(lengthAt), int.MaxValue);
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(huge, "C"));
        var overclaim = (byte[])chunk.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(overclaim.AsSpan(lengthAt), 17);
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(overclaim, "C"));
        var negative = (byte[])chunk.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(negative.AsSpan(lengthAt), -1);
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(negative, "C"));

        // An offer with an oversized chunk size, and one with a negative length.
        var offer = _serializer.ToBinary(new Offer(1, 10, 10, 0, 0));
        var bigChunks = (byte[])offer.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(bigChunks.AsSpan(1 + 8 + 4), FrameRules.MaxChunkData + 1);
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(bigChunks, "O"));
        var negativeLength = (byte[])offer.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(negativeLength.AsSpan(1 + 8), -10);
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(negativeLength, "O"));

        // A string over its limit, and one that is not UTF-8.
        var deliver = _serializer.ToBinary(new Deliver(1, 1, "ab", ""));
        var longName = (byte[])deliver.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(longName.AsSpan(1 + 8 + 4), FrameRules.MaxEndpointBytes + 1);
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(longName, "D"));
        var notUtf8 = (byte[])deliver.Clone();
        notUtf8[1 + 8 + 4 + 2] = 0xFF;
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(notUtf8, "D"));
        // A delivery numbered zero.
        var zeroSequence = (byte[])deliver.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(zeroSequence.AsSpan(1 + 8), 0);
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(zeroSequence, "D"));

        Assert.Equal(before + 11, _serializer.FramesRejected);
    }

    [Fact]
    public void Writing_refuses_strings_over_the_limits()
    {
        Assert.Throws<ArgumentException>(() => _serializer.ToBinary(new Deliver(1, 1, new string('x', 300), "")));
        Assert.Throws<ArgumentException>(() => _serializer.ToBinary(new Deliver(1, 1, "e", new string('x', 2000))));
    }
}
