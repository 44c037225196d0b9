using System.Runtime.Serialization;
using ActorInterp.Cluster;
using ActorInterp.TestSupport;
using Akka.Actor;
using Xunit;

namespace ActorInterp.Cluster.Tests.Protocol;

/// <summary>
/// Property tests of the protocol's serializer: for every frame type, with every edge value of every field (null,
/// empty, lone surrogates, each limit, one past it, the extremes) and with random values, either ToBinary refuses
/// the frame up front (and <see cref="FrameRules"/> says why) or FromBinary(ToBinary(x)) is x, written back to the
/// same bytes. And any bytes at all are either read as a frame that writes back to the same bytes, or refused with
/// <see cref="SerializationException"/>. Deterministic seeds; ACTORINTERP_FRAME_FUZZ_CASES=N runs N random cases per type.
/// </summary>
public sealed class FrameFuzzTests : ActorInterpTestKit
{
    private static readonly int RandomCases = int.TryParse(Environment.GetEnvironmentVariable("ACTORINTERP_FRAME_FUZZ_CASES"), out var n) ? n : 300;

    private readonly ExchangeSerializer _serializer;

    // The same seed in every process (string.GetHashCode is randomised per process, so a failing case could not be replayed).
    private static int SeedOf(string type)
    {
        var hash = 2166136261u;
        foreach (var c in type) hash = (hash ^ c) * 16777619u;
        return (int)hash;
    }

    public FrameFuzzTests() => _serializer = new ExchangeSerializer((ExtendedActorSystem)Sys);

    public static TheoryData<string> FrameTypes => new() { "Offer", "Chunk", "ChunkAck", "Deliver", "Release", "ReleaseAck", "TransferFailed", "DeliverMessage", "MessageDone", "LaneDeclined" };

    [Theory]
    [MemberData(nameof(FrameTypes))]
    public void Every_frame_is_either_refused_before_it_is_written_or_read_back_as_it_was(string type)
    {
        var random = new Random(SeedOf(type) ^ 7919);
        int written = 0, refused = 0;
        foreach (var frame in FrameValues.Edges(type, random).Concat(Enumerable.Range(0, RandomCases).Select(_ => FrameValues.Random(type, random))))
        {
            byte[] bytes;
            try
            {
                bytes = _serializer.ToBinary(frame);
            }
            catch (ArgumentException ex)
            {
                var problem = FrameRules.Check(frame);
                Assert.True(problem is not null, $"ToBinary refused a frame the rules accept: {ex.Message}");
                Assert.Contains(problem!.Field, ex.Message);
                refused++;
                continue;
            }
            Assert.Null(FrameRules.Check(frame));
            var back = _serializer.FromBinary(bytes, _serializer.Manifest(frame));
            FrameValues.AssertSame(frame, back);
            Assert.Equal(bytes, _serializer.ToBinary(back));
            written++;
        }
        // Every type but ReleaseAck (a lease id alone: any value travels) has fields the rules can refuse.
        Assert.True(written > 0 && (refused > 0 || type == "ReleaseAck"), $"{type}: {written} written, {refused} refused; the cases should cover both");
    }

    [Theory]
    [MemberData(nameof(FrameTypes))]
    public void Any_bytes_are_either_refused_or_read_as_a_frame_that_writes_back_to_them(string type)
    {
        var random = new Random(SeedOf(type) ^ 104729);
        var valid = FrameValues.Edges(type, random).Where(f => FrameRules.Check(f) is null).Take(20).ToArray();
        var manifest = _serializer.Manifest(valid[0]);
        for (var i = 0; i < RandomCases * 4; i++)
        {
            var bytes = Mutate(_serializer.ToBinary(valid[random.Next(valid.Length)]), random);
            object frame;
            try
            {
                frame = _serializer.FromBinary(bytes, manifest);
            }
            catch (SerializationException)
            {
                continue;   // refused, as a frame from the wire that breaks a rule must be
            }
            Assert.Null(FrameRules.Check(frame));
            Assert.Equal(bytes, _serializer.ToBinary(frame));
        }
    }

    [Fact]
    public void A_failure_reason_of_any_text_is_made_fit_to_travel()
    {
        var random = new Random(5);
        var reasons = new[] { null, "", "\uD800", "a\uDC00b", new string('é', 2000), string.Concat(Enumerable.Repeat("😀", 600)), new string('x', 1023) + "\uD83D" }
            .Concat(Enumerable.Range(0, 200).Select(_ => FrameValues.RandomText(random, 3000)));
        foreach (var reason in reasons)
        {
            var frame = TransferFailed.For(7, reason!);
            Assert.Null(FrameRules.Check(frame));
            Assert.Equal(frame, _serializer.FromBinary(_serializer.ToBinary(frame), "F"));
        }
    }

    private static byte[] Mutate(byte[] bytes, Random random)
    {
        var copy = (byte[])bytes.Clone();
        switch (random.Next(4))
        {
            case 0:
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return copy;
            case 1:
                for (var k = random.Next(1, 4); k > 0; k--) copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                return copy;
            case 2:
                return copy[..random.Next(copy.Length)];
            default:
                var longer = new byte[copy.Length + random.Next(1, 8)];
                copy.CopyTo(longer, 0);
                random.NextBytes(longer.AsSpan(copy.Length));
                return longer;
        }
    }
}
