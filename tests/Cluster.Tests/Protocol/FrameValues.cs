using ActorInterp.Cluster;
using Xunit;

namespace ActorInterp.Cluster.Tests.Protocol;

/// <summary>Frames of every type with edge and random field values, for the serializer's property tests.</summary>
internal static class FrameValues
{
    /// <summary>For each field of a frame of <paramref name="type"/>, each of its edge values, the other fields random but valid.</summary>
    internal static IEnumerable<object> Edges(string type, Random r)
    {
        switch (type)
        {
            case "Offer":
                foreach (var v in Ints(0)) yield return new Offer(Long(r), v, 1 + r.Next(FrameRules.MaxChunkData), ULong(r), Long(r));
                foreach (var v in Ints(1, FrameRules.MaxChunkData)) yield return new Offer(Long(r), r.Next(), v, ULong(r), Long(r));
                foreach (var v in Longs()) yield return new Offer(v, r.Next(), 1, (ulong)v, v);
                foreach (var v in Ints(1, 65535)) yield return new Offer(Long(r), r.Next(), 1, ULong(r), Long(r)) { Lane = new LaneTicket(v, new UInt128(ULong(r), ULong(r))) };
                break;
            case "Chunk":
                foreach (var v in Ints(0)) yield return new Chunk(Long(r), v, ULong(r), Bytes(r, 10));
                foreach (var v in Sizes(FrameRules.MaxChunkData)) yield return new Chunk(Long(r), r.Next(), ULong(r), new byte[v]);
                foreach (var v in Longs()) yield return new Chunk(v, 0, (ulong)v, Array.Empty<byte>());
                break;
            case "ChunkAck":
                foreach (var v in Ints(0)) yield return new ChunkAck(Long(r), v);
                break;
            case "Deliver":
                foreach (var v in Ints(1)) yield return new Deliver(Long(r), v, "e", "");
                foreach (var v in Texts(FrameRules.MaxEndpointBytes)) yield return new Deliver(Long(r), 1 + r.Next(1000), v!, "t");
                foreach (var v in Texts(FrameRules.MaxTagBytes)) yield return new Deliver(Long(r), 1, "e", v!);
                break;
            case "Release":
                foreach (var v in Ints(0)) yield return new Release(Long(r), v);
                break;
            case "ReleaseAck":
                foreach (var v in Longs()) yield return new ReleaseAck(v);
                yield return new ReleaseAck(Long(r));
                break;
            case "TransferFailed":
                foreach (var v in Texts(FrameRules.MaxReasonBytes)) yield return new TransferFailed(Long(r), v!);
                break;
            case "DeliverMessage":
                foreach (var v in Sizes(FrameRules.MaxMessageBuffers)) yield return Message(r, v, v);
                yield return Message(r, 3, 2);
                yield return Message(r, 2, 3);
                foreach (var v in Ints(1)) yield return Message(r, 1, 1) with { Sequences = [v] };
                foreach (var v in Texts(FrameRules.MaxPathBytes)) yield return Message(r, 1, 1) with { Target = v! };
                foreach (var v in Texts(FrameRules.MaxPathBytes)) yield return Message(r, 0, 0) with { Sender = v! };
                foreach (var v in Sizes(FrameRules.MaxPayloadBytes)) yield return Message(r, 0, 0) with { Payload = new byte[v] };
                yield return Message(r, 1, 1) with { Payload = null! };
                yield return Message(r, 1, 1) with { LeaseIds = null! };
                yield return Message(r, 1, 1) with { Sequences = null! };
                foreach (var v in Ints()) yield return Message(r, 0, 0) with { DomainId = v, MessageId = v };
                break;
            case "LaneDeclined":
                foreach (var v in Texts(FrameRules.MaxReasonBytes)) yield return new LaneDeclined(Long(r), v!);
                break;
            case "MessageDone":
                foreach (var v in new byte[] { 0, 1, 2, 3, 255 }) yield return new MessageDone(Long(r), (MessageFate)v);
                foreach (var v in Longs()) yield return new MessageDone(v, MessageFate.Delivered);
                break;
            default:
                throw new ArgumentException($"No frame type '{type}'.", nameof(type));
        }
    }

    /// <summary>A frame of <paramref name="type"/> with every field random: within or past its limits, valid text or not.</summary>
    internal static object Random(string type, Random r) => type switch
    {
        "Offer" => new Offer(Long(r), AnyInt(r, 1 << 20), AnyInt(r, FrameRules.MaxChunkData + 10), ULong(r), Long(r))
        {
            Lane = r.Next(2) == 0 ? null : new LaneTicket(AnyInt(r, 70_000), new UInt128(ULong(r), ULong(r))),
        },
        "LaneDeclined" => new LaneDeclined(Long(r), RandomText(r, FrameRules.MaxReasonBytes / 2)),
        "Chunk" => new Chunk(Long(r), AnyInt(r, 1000), ULong(r), Bytes(r, r.Next(4) == 0 ? FrameRules.MaxChunkData + 2 : 300)),
        "ChunkAck" => new ChunkAck(Long(r), AnyInt(r, 100)),
        "Deliver" => new Deliver(Long(r), AnyInt(r, 100), RandomText(r, FrameRules.MaxEndpointBytes / 2), RandomText(r, FrameRules.MaxTagBytes / 2)),
        "Release" => new Release(Long(r), AnyInt(r, 100)),
        "ReleaseAck" => new ReleaseAck(Long(r)),
        "TransferFailed" => new TransferFailed(Long(r), RandomText(r, FrameRules.MaxReasonBytes / 2)),
        "DeliverMessage" => Message(r, r.Next(4), r.Next(4)) with
        {
            Target = RandomText(r, FrameRules.MaxPathBytes / 2),
            Sender = RandomText(r, FrameRules.MaxPathBytes / 2),
            Sequences = Enumerable.Range(0, r.Next(4)).Select(_ => AnyInt(r, 10)).ToArray(),
        },
        "MessageDone" => new MessageDone(Long(r), (MessageFate)r.Next(4)),
        _ => throw new ArgumentException($"No frame type '{type}'.", nameof(type)),
    };

    /// <summary>Text of up to about <paramref name="maxChars"/> chars, from ASCII to four-byte characters, now and then with a lone surrogate.</summary>
    internal static string RandomText(Random r, int maxChars)
    {
        var chars = new List<char>();
        var length = r.Next(maxChars + 1);
        while (chars.Count < length)
        {
            switch (r.Next(20))
            {
                case 0: chars.Add((char)r.Next(0xD800, 0xDC00)); break;   // a high surrogate, alone unless the next case pairs it
                case 1: chars.Add((char)r.Next(0xDC00, 0xE000)); break;   // a low surrogate
                case < 5: chars.AddRange(char.ConvertFromUtf32(r.Next(0x10000, 0x10FFFF))); break;
                case < 9: chars.Add((char)r.Next(0x80, 0xD800)); break;
                default: chars.Add((char)r.Next(0x20, 0x7F)); break;
            }
        }
        return new string(chars.ToArray());
    }

    internal static void AssertSame(object expected, object actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        switch (expected)
        {
            case Chunk c:
                var d = (Chunk)actual;
                Assert.Equal((c.LeaseId, c.Index, c.Checksum), (d.LeaseId, d.Index, d.Checksum));
                Assert.Equal(c.Data.ToArray(), d.Data.ToArray());
                break;
            case DeliverMessage m:
                var n = (DeliverMessage)actual;
                Assert.Equal(m.LeaseIds, n.LeaseIds);
                Assert.Equal(m.Sequences, n.Sequences);
                Assert.Equal((m.Target, m.DomainId, m.Sender, m.MessageId), (n.Target, n.DomainId, n.Sender, n.MessageId));
                Assert.Equal(m.Payload, n.Payload);
                break;
            default:
                Assert.Equal(expected, actual);   // records: every field, strings compared ordinally
                break;
        }
    }

    private static DeliverMessage Message(Random r, int leases, int sequences) => new(
        Enumerable.Range(0, leases).Select(_ => Long(r)).ToArray(), Enumerable.Range(0, sequences).Select(_ => 1 + r.Next(1000)).ToArray(),
        "akka.tcp://sys@127.0.0.1:1/user/a", r.Next(), "", Bytes(r, 20), Long(r));

    // Each lower bound and limit, one either side, the extremes.
    private static int[] Ints(params int[] bounds) =>
        [int.MinValue, -1, 0, 1, int.MaxValue, .. bounds.SelectMany(b => new[] { b - 1, b, b + 1 })];

    private static int[] Sizes(int limit) => [0, 1, limit - 1, limit, limit + 1];

    private static long[] Longs() => [long.MinValue, -1, 0, 1, long.MaxValue];

    // Null, empty, each limit in one-, two-, three- and four-byte characters and one past it, and lone surrogates
    // (alone, inside, reversed, and a pair cut in two at the end).
    private static IEnumerable<string?> Texts(int limit) =>
    [
        null, "", "\uD800", "\uDFFF", "a\uD800b", "\uDC00\uD800", new string('x', limit - 1) + "\uD83D",
        new string('a', limit), new string('a', limit + 1),
        new string('é', limit / 2), new string('é', limit / 2 + 1),
        new string('€', limit / 3), new string('€', limit / 3 + 1),
        string.Concat(Enumerable.Repeat("😀", limit / 4)), string.Concat(Enumerable.Repeat("😀", limit / 4 + 1)),
    ];

    private static int AnyInt(Random r, int around) => r.Next(6) switch
    {
        0 => r.Next(int.MinValue, 0),
        1 => 0,
        2 => around + r.Next(-2, 3),
        _ => r.Next(around + 1),
    };

    private static long Long(Random r) => r.NextInt64(long.MinValue, long.MaxValue);

    private static ulong ULong(Random r) => (ulong)r.NextInt64(long.MinValue, long.MaxValue);

    private static byte[] Bytes(Random r, int length)
    {
        var bytes = new byte[length];
        r.NextBytes(bytes);
        return bytes;
    }
}
