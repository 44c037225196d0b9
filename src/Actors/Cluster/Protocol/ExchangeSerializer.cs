using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace ActorInterp.Actors.Cluster;

/// <summary>
/// The compact binary serializer of the remote-borrow protocol. It writes and reads only the protocol's
/// own message types (chosen by a one-letter manifest, never by a type name from the wire), and checks
/// every length against the bytes present and against the protocol's limits before allocating anything.
/// A frame that breaks a rule throws <see cref="SerializationException"/>, which Akka remoting logs and drops.
/// </summary>
/// <remarks>Registered by <see cref="ClusterNodeConfig"/> (HOCON serialization-bindings for the protocol types only).</remarks>
public sealed class ExchangeSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer's identifier in Akka's registry.</summary>
    public const int SerializerId = 731_001;

    /// <summary>Largest chunk payload accepted: well under Akka remoting's default 128,000-byte frame.</summary>
    internal const int MaxChunkData = 120_000;

    /// <summary>Largest endpoint name and tag, in UTF-8 bytes.</summary>
    internal const int MaxEndpointBytes = 256, MaxTagBytes = 1024, MaxReasonBytes = 1024;

    private const byte Version = 2;
    private const string OfferManifest = "O", ChunkManifest = "C", AckManifest = "A", DeliverManifest = "D",
        ReleaseManifest = "R", ReleaseAckManifest = "K", FailedManifest = "F", MessageManifest = "M", MessageDoneManifest = "Q";

    /// <summary>Largest serialized actor message travelling with buffers, and most buffers in one message.</summary>
    internal const int MaxPayloadBytes = 100_000, MaxMessageBuffers = 256, MaxPathBytes = 1024;

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
        _ => throw new ArgumentException($"{o.GetType()} is not a message of the remote-borrow protocol; only its own types are bound to this serializer.", nameof(o)),
    };

    /// <inheritdoc />
    public override byte[] ToBinary(object obj)
    {
        var w = new Writer(obj switch { Chunk c => 32 + c.Data.Length, DeliverMessage m => 64 + m.Payload.Length + m.Target.Length * 2, _ => 64 });
        w.Byte(Version);
        switch (obj)
        {
            case Offer o:
                w.Long(o.LeaseId); w.Int(o.Length); w.Int(o.ChunkSize); w.ULong(o.Checksum); w.Long(o.OriginBufferId);
                break;
            case Chunk ch:
                w.Long(ch.LeaseId); w.Int(ch.Index); w.ULong(ch.Checksum); w.Int(ch.Data.Length); w.Bytes(ch.Data.Span);
                break;
            case ChunkAck a:
                w.Long(a.LeaseId); w.Int(a.Received);
                break;
            case Deliver d:
                w.Long(d.LeaseId); w.Int(d.Sequence); w.String(d.Endpoint, MaxEndpointBytes); w.String(d.Tag, MaxTagBytes);
                break;
            case Release r:
                w.Long(r.LeaseId); w.Int(r.Deliveries);
                break;
            case ReleaseAck k:
                w.Long(k.LeaseId);
                break;
            case TransferFailed f:
                w.Long(f.LeaseId); w.String(Truncate(f.Reason, MaxReasonBytes / 4), MaxReasonBytes);
                break;
            case DeliverMessage m:
                if (m.LeaseIds.Length != m.Sequences.Length || m.LeaseIds.Length > MaxMessageBuffers || m.Payload.Length > MaxPayloadBytes)
                    throw new ArgumentException($"A message with {m.LeaseIds.Length} buffers and a {m.Payload.Length}-byte payload is over the protocol's limits.", nameof(obj));
                w.Int(m.LeaseIds.Length);
                for (var i = 0; i < m.LeaseIds.Length; i++) { w.Long(m.LeaseIds[i]); w.Int(m.Sequences[i]); }
                w.String(m.Target, MaxPathBytes); w.Int(m.DomainId); w.String(m.Sender, MaxPathBytes);
                w.Int(m.Payload.Length); w.Bytes(m.Payload); w.Long(m.MessageId);
                break;
            case MessageDone done:
                w.Long(done.MessageId); w.Byte(done.Delivered ? (byte)1 : (byte)0);
                break;
            default:
                throw new ArgumentException($"{obj.GetType()} is not a message of the remote-borrow protocol.", nameof(obj));
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
        if (r.Byte() != Version) throw Bad("an unknown protocol version");
        object message = manifest switch
        {
            OfferManifest => ReadOffer(ref r),
            ChunkManifest => ReadChunk(ref r),
            AckManifest => new ChunkAck(r.Long(), r.NonNegative("received count")),
            DeliverManifest => new Deliver(r.Long(), r.Positive("delivery sequence"), r.String(MaxEndpointBytes), r.String(MaxTagBytes)),
            ReleaseManifest => new Release(r.Long(), r.NonNegative("delivery count")),
            ReleaseAckManifest => new ReleaseAck(r.Long()),
            FailedManifest => new TransferFailed(r.Long(), r.String(MaxReasonBytes)),
            MessageManifest => ReadMessage(ref r),
            MessageDoneManifest => new MessageDone(r.Long(), r.Flag("delivered flag")),
            _ => throw Bad($"the unknown manifest '{Truncate(manifest ?? "(null)", 16)}'"),
        };
        if (!r.AtEnd) throw Bad($"{r.Remaining} trailing bytes after a '{manifest}' message");
        return message;
    }

    private static Offer ReadOffer(ref Reader r)
    {
        var lease = r.Long();
        var length = r.NonNegative("buffer length");
        var chunkSize = r.Positive("chunk size");
        if (chunkSize > MaxChunkData) throw Bad($"a chunk size of {chunkSize} bytes (the limit is {MaxChunkData})");
        return new Offer(lease, length, chunkSize, r.ULong(), r.Long());
    }

    private static DeliverMessage ReadMessage(ref Reader r)
    {
        var count = r.NonNegative("buffer count");
        if (count > MaxMessageBuffers) throw Bad($"a message with {count} buffers (the limit is {MaxMessageBuffers})");
        var leases = new long[count];
        var sequences = new int[count];
        for (var i = 0; i < count; i++)
        {
            leases[i] = r.Long();
            sequences[i] = r.Positive("delivery sequence");
        }
        var target = r.String(MaxPathBytes);
        var domainId = r.Int();
        var sender = r.String(MaxPathBytes);
        var length = r.NonNegative("payload length");
        if (length > MaxPayloadBytes) throw Bad($"a payload of {length} bytes (the limit is {MaxPayloadBytes})");
        var payload = r.Bytes(length);
        return new DeliverMessage(leases, sequences, target, domainId, sender, payload, r.Long());
    }

    private static Chunk ReadChunk(ref Reader r)
    {
        var lease = r.Long();
        var index = r.NonNegative("chunk index");
        var checksum = r.ULong();
        var length = r.NonNegative("chunk length");
        if (length > MaxChunkData) throw Bad($"a chunk of {length} bytes (the limit is {MaxChunkData})");
        return new Chunk(lease, index, checksum, r.Bytes(length));
    }

    private static string Truncate(string s, int chars) => s.Length <= chars ? s : s[..chars];

    private static SerializationException Bad(string what) =>
        new($"A remote-borrow protocol frame was refused: it has {what}.");

    private sealed class Writer(int capacity)
    {
        private byte[] _buffer = new byte[capacity];
        private int _length;

        public void Byte(byte value) => Span(1)[0] = value;

        public void Int(int value) => BinaryPrimitives.WriteInt32LittleEndian(Span(4), value);

        public void Long(long value) => BinaryPrimitives.WriteInt64LittleEndian(Span(8), value);

        public void ULong(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Span(8), value);

        public void Bytes(ReadOnlySpan<byte> value) => value.CopyTo(Span(value.Length));

        public void String(string value, int maxBytes)
        {
            var count = Encoding.UTF8.GetByteCount(value);
            if (count > maxBytes)
                throw new ArgumentException($"A string of {count} UTF-8 bytes is over the protocol's limit of {maxBytes}.", nameof(value));
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

        public bool Flag(string what) => Byte() switch
        {
            0 => false,
            1 => true,
            var other => throw Bad($"a {what} of {other}, neither 0 nor 1"),
        };

        public int NonNegative(string what)
        {
            var value = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
            return value >= 0 ? value : throw Bad($"a negative {what} ({value})");
        }

        public int Positive(string what)
        {
            var value = BinaryPrimitives.ReadInt32LittleEndian(Take(4));
            return value > 0 ? value : throw Bad($"a {what} of {value}, not positive");
        }

        public byte[] Bytes(int count) => Take(count).ToArray();

        public string String(int maxBytes)
        {
            int count = BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
            if (count > maxBytes) throw Bad($"a string of {count} bytes (the limit is {maxBytes})");
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Take(count));
            }
            catch (DecoderFallbackException)
            {
                throw Bad("a string that is not valid UTF-8");
            }
        }

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count > _bytes.Length - _position)
                throw Bad($"a field of {count} bytes where only {_bytes.Length - _position} remain");
            var span = _bytes.AsSpan(_position, count);
            _position += count;
            return span;
        }
    }
}
