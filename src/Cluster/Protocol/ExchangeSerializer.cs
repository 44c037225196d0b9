using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace ActorInterp.Cluster;

/// <summary>
/// The compact binary serializer of the remote-borrow protocol. It writes and reads only the protocol's
/// own message types (chosen by a one-letter manifest, never by a type name from the wire), and checks
/// every length against the bytes present and against the protocol's limits before allocating anything.
/// Writing and reading check every field with the same rules (<see cref="FrameRules"/>): a frame is refused
/// before it is written (<see cref="ArgumentException"/>) rather than written and refused where it arrives. A
/// frame read that breaks a rule throws <see cref="SerializationException"/>, which Akka remoting logs and drops.
/// </summary>
/// <remarks>Registered by <see cref="ClusterNodeConfig"/> (HOCON serialization-bindings for the protocol types only).</remarks>
public sealed class ExchangeSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer's identifier in Akka's registry.</summary>
    public const int SerializerId = 731_001;

    // 3: MessageDone carries a fate (dropped, delivered, transfer refused) instead of a delivered flag.
    // 4: an offer may carry a lane ticket (port and token); LaneDeclined.
    private const byte Version = 4;
    private const string OfferManifest = "O", ChunkManifest = "C", AckManifest = "A", DeliverManifest = "D",
        ReleaseManifest = "R", ReleaseAckManifest = "K", FailedManifest = "F", MessageManifest = "M", MessageDoneManifest = "Q",
        LaneDeclinedManifest = "L";

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private long _rejected;

    /// <summary>Created by Akka's serialization registry.</summary>
    public ExchangeSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    /// <inheritdoc />
    public override int Identifier => SerializerId;

    /// <summary>Frames refused since the serializer was created (malformed, oversized, unknown manifest).</summary>
    public long FramesRejected => Volatile.Read(ref _rejected);

    /// <inheritdoc />
    public override string Manifest(object o) => o switch
    {
        Offer => OfferManifest,
        Chunk => ChunkManifest,
        ChunkAck => AckManifest,
        Deliver => DeliverManifest,
        Release => ReleaseManifest,
        ReleaseAck => ReleaseAckManifest,
        TransferFailed => FailedManifest,
        DeliverMessage => MessageManifest,
        MessageDone => MessageDoneManifest,
        LaneDeclined => LaneDeclinedManifest,
        _ => throw new ArgumentException($"{o.GetType()} is not a message of the remote-borrow protocol; only its own types are bound to this serializer.", nameof(o)),
    };

    /// <inheritdoc />
    public override byte[] ToBinary(object obj)
    {
        if (FrameRules.Check(obj) is { } problem)
            throw new ArgumentException($"A {obj?.GetType().Name ?? "null"} frame was not written: {problem}. The caller should have refused it ({problem.Advice}).", nameof(obj));
        var w = new Writer(obj switch { Chunk c => 32 + c.Data.Length, DeliverMessage m => 64 + m.Payload.Length + m.Target.Length * 3, _ => 64 });
        w.Byte(Version);
        switch (obj)
        {
            case Offer o:
                w.Long(o.LeaseId); w.Int(o.Length); w.Int(o.ChunkSize); w.ULong(o.Checksum); w.Long(o.OriginBufferId);
                w.Byte(o.Lane is null ? (byte)0 : (byte)1);
                if (o.Lane is { } lane) { w.Int(lane.Port); w.ULong((ulong)(lane.Token >> 64)); w.ULong((ulong)lane.Token); }
                break;
            case Chunk ch:
                w.Long(ch.LeaseId); w.Int(ch.Index); w.ULong(ch.Checksum); w.Int(ch.Data.Length); w.Bytes(ch.Data.Span);
                break;
            case ChunkAck a:
                w.Long(a.LeaseId); w.Int(a.Received);
                break;
            case Deliver d:
                w.Long(d.LeaseId); w.Int(d.Sequence); w.String(d.Endpoint); w.String(d.Tag);
                break;
            case Release r:
                w.Long(r.LeaseId); w.Int(r.Deliveries);
                break;
            case ReleaseAck k:
                w.Long(k.LeaseId);
                break;
            case TransferFailed f:
                w.Long(f.LeaseId); w.String(f.Reason);
                break;
            case DeliverMessage m:
                w.Int(m.LeaseIds.Length);
                for (var i = 0; i < m.LeaseIds.Length; i++) { w.Long(m.LeaseIds[i]); w.Int(m.Sequences[i]); }
                w.String(m.Target); w.Int(m.DomainId); w.String(m.Sender);
                w.Int(m.Payload.Length); w.Bytes(m.Payload); w.Long(m.MessageId);
                break;
            case MessageDone done:
                w.Long(done.MessageId); w.Byte((byte)done.Fate);
                break;
            case LaneDeclined l:
                w.Long(l.LeaseId); w.String(l.Reason);
                break;
        }
        return w.ToArray();
    }

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            return Read(bytes, manifest);
        }
        catch (SerializationException)
        {
            Interlocked.Increment(ref _rejected);
            throw;
        }
    }

    private static object Read(byte[] bytes, string manifest)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var r = new Reader(bytes);
        if (r.Byte() != Version) throw Bad("it has an unknown protocol version");
        object message = manifest switch
        {
            OfferManifest => ReadOffer(ref r),
            ChunkManifest => ReadChunk(ref r),
            AckManifest => new ChunkAck(r.Long(), r.Int()),
            DeliverManifest => new Deliver(r.Long(), r.Int(), r.String(FrameRules.MaxEndpointBytes, "endpoint name"), r.String(FrameRules.MaxTagBytes, "tag")),
            ReleaseManifest => new Release(r.Long(), r.Int()),
            ReleaseAckManifest => new ReleaseAck(r.Long()),
            FailedManifest => new TransferFailed(r.Long(), r.String(FrameRules.MaxReasonBytes, "reason")),
            MessageManifest => ReadMessage(ref r),
            MessageDoneManifest => new MessageDone(r.Long(), (MessageFate)r.Byte()),
            LaneDeclinedManifest => new LaneDeclined(r.Long(), r.String(FrameRules.MaxReasonBytes, "reason")),
            _ => throw Bad($"it has the unknown manifest '{Truncate(manifest ?? "(null)", 16)}'"),
        };
        if (!r.AtEnd) throw Bad($"it has {r.Remaining} trailing bytes after a '{manifest}' message");
        // The same rules as ToBinary's: whatever is read here could be written again, and nothing else is read.
        if (FrameRules.Check(message) is { } problem) throw Bad(problem.ToString());
        return message;
    }

    private static DeliverMessage ReadMessage(ref Reader r)
    {
        var count = r.Length(FrameRules.MaxMessageBuffers, "buffer count");
        var leases = new long[count];
        var sequences = new int[count];
        for (var i = 0; i < count; i++)
        {
            leases[i] = r.Long();
            sequences[i] = r.Int();
        }
        var target = r.String(FrameRules.MaxPathBytes, "target actor path");
        var domainId = r.Int();
        var sender = r.String(FrameRules.MaxPathBytes, "sender actor path");
        var payload = r.Bytes(r.Length(FrameRules.MaxPayloadBytes, "body"));
        return new DeliverMessage(leases, sequences, target, domainId, sender, payload, r.Long());
    }

    private static Offer ReadOffer(ref Reader r)
    {
        var offer = new Offer(r.Long(), r.Int(), r.Int(), r.ULong(), r.Long());
        return r.Byte() switch
        {
            0 => offer,
            1 => offer with { Lane = new LaneTicket(r.Int(), new UInt128(r.ULong(), r.ULong())) },
            var flag => throw Bad($"its lane flag is {flag}, not 0 or 1"),
        };
    }

    private static Chunk ReadChunk(ref Reader r)
    {
        var lease = r.Long();
        var index = r.Int();
        var checksum = r.ULong();
        return new Chunk(lease, index, checksum, r.Bytes(r.Length(FrameRules.MaxChunkData, "chunk length")));
    }

    private static string Truncate(string s, int chars) => s.Length <= chars ? s : s[..chars];

    private static SerializationException Bad(string what) =>
        new($"A remote-borrow protocol frame was refused: {what}.");

    private sealed class Writer(int capacity)
    {
        private byte[] _buffer = new byte[capacity];
        private int _length;

        public void Byte(byte value) => Span(1)[0] = value;

        public void Int(int value) => BinaryPrimitives.WriteInt32LittleEndian(Span(4), value);

        public void Long(long value) => BinaryPrimitives.WriteInt64LittleEndian(Span(8), value);

        public void ULong(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Span(8), value);

        public void Bytes(ReadOnlySpan<byte> value) => value.CopyTo(Span(value.Length));

        /// <summary>A text field, checked already (<see cref="FrameRules.Text"/>): valid UTF-16, within its limit, which is under 65,536 bytes.</summary>
        public void String(string value)
        {
            var count = Encoding.UTF8.GetByteCount(value);
            BinaryPrimitives.WriteUInt16LittleEndian(Span(2), (ushort)count);
            Encoding.UTF8.GetBytes(value, Span(count));
        }

        public byte[] ToArray() => _buffer.Length == _length ? _buffer : _buffer.AsSpan(0, _length).ToArray();

        private Span<byte> Span(int count)
        {
            if (_length + count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
            var span = _buffer.AsSpan(_length, count);
            _length += count;
            return span;
        }
    }

    private ref struct Reader(byte[] bytes)
    {
        private readonly byte[] _bytes = bytes;
        private int _position;

        public readonly bool AtEnd => _position == _bytes.Length;

        public readonly int Remaining => _bytes.Length - _position;

        public byte Byte() => Take(1)[0];

        public long Long() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

        public ulong ULong() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

        public int Int() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

        /// <summary>A length or count, refused before anything is allocated for it when it is negative or over <paramref name="max"/>.</summary>
        public int Length(int max, string field)
        {
            var value = Int();
            return FrameRules.Between(value, 0, max, field) is { } problem ? throw Bad(problem.ToString()) : value;
        }

        public byte[] Bytes(int count) => Take(count).ToArray();

        public string String(int maxBytes, string field)
        {
            int count = BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
            if (count > maxBytes) throw Bad($"its {field} is {count:N0} UTF-8 bytes; the limit is {maxBytes:N0}");
            try
            {
                return StrictUtf8.GetString(Take(count));
            }
            catch (DecoderFallbackException)
            {
                throw Bad($"its {field} is not valid UTF-8");
            }
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > _bytes.Length - _position)
                throw Bad($"it has a field of {count} bytes where only {_bytes.Length - _position} remain");
            var span = _bytes.AsSpan(_position, count);
            _position += count;
            return span;
        }
    }
}
