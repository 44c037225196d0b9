namespace ActorInterp.Cluster;

/// <summary>
/// The limits of every field of every frame of the remote-borrow protocol, and the one check of them. The
/// serializer runs <see cref="Check"/> on a frame before writing it and on every frame it reads, so that it
/// never writes a frame it would refuse to read (nor reads one it would refuse to write); the places that
/// build frames from what a caller gave (a Tell, Ask or channel send to another node, a share to an endpoint)
/// run the same check at the call, so that nothing the wire cannot carry gets as far as the wire.
/// </summary>
/// <remarks>
/// Text fields must be valid UTF-16 (no lone surrogate: UTF-8 has no encoding for one, so the text could not
/// arrive as it was sent) and at most their limit in UTF-8 bytes. Limits keep every frame well under Akka
/// remoting's default maximum frame of 128,000 bytes (see <see cref="LargestFrameBytes"/>).
/// </remarks>
internal static class FrameRules
{
    /// <summary>Largest chunk payload.</summary>
    internal const int MaxChunkData = 120_000;

    /// <summary>Largest endpoint name, tag and failure reason, in UTF-8 bytes.</summary>
    internal const int MaxEndpointBytes = 256, MaxTagBytes = 1024, MaxReasonBytes = 1024;

    /// <summary>Largest actor path (target or sender of an actor message), in UTF-8 bytes.</summary>
    internal const int MaxPathBytes = 1024;

    /// <summary>Largest serialized body of an actor message travelling through the exchange, and most buffers in one.</summary>
    internal const int MaxPayloadBytes = 100_000, MaxMessageBuffers = 256;

    /// <summary>The size of the largest frame the limits allow (an actor message at every limit), for checking Akka's frame size.</summary>
    internal const int LargestFrameBytes = 1 + 4 + MaxMessageBuffers * 12 + 2 + MaxPathBytes + 4 + 2 + MaxPathBytes + 4 + MaxPayloadBytes + 8;

    /// <summary>What is wrong with <paramref name="frame"/>, or null when every field is within the rules.</summary>
    internal static FrameProblem? Check(object? frame) => frame switch
    {
        null => new FrameProblem("frame", "is null", "send a message of the protocol"),
        Offer o => AtLeast(o.Length, 0, "buffer length") ?? Between(o.ChunkSize, 1, MaxChunkData, "chunk size")
            ?? (o.Lane is { } lane ? Between(lane.Port, 1, 65535, "lane port") : null),
        Chunk c => AtLeast(c.Index, 0, "chunk index") ?? Between(c.Data.Length, 0, MaxChunkData, "chunk length"),
        ChunkAck a => AtLeast(a.Received, 0, "received count"),
        Deliver d => AtLeast(d.Sequence, 1, "delivery sequence") ?? Text(d.Endpoint, MaxEndpointBytes, "endpoint name") ?? Text(d.Tag, MaxTagBytes, "tag"),
        Release r => AtLeast(r.Deliveries, 0, "delivery count"),
        ReleaseAck => null,
        TransferFailed f => Text(f.Reason, MaxReasonBytes, "reason"),
        LaneDeclined l => Text(l.Reason, MaxReasonBytes, "reason"),
        DeliverMessage m => CheckMessage(m),
        MessageDone done => Enum.IsDefined(done.Fate) ? null : new FrameProblem("fate", $"is {(int)done.Fate}, not a known fate", "answer with a fate of the protocol"),
        _ => new FrameProblem("frame", $"is a {frame.GetType().Name}, not a message of the remote-borrow protocol", "send a message of the protocol"),
    };

    private static FrameProblem? CheckMessage(DeliverMessage m)
    {
        if (m.LeaseIds is null || m.Sequences is null || m.Payload is null)
            return new FrameProblem("message", "lacks its lease list, sequence list or body", "build it with all three");
        if (m.LeaseIds.Length != m.Sequences.Length)
            return new FrameProblem("message", $"has {m.LeaseIds.Length} leases but {m.Sequences.Length} sequence numbers", "give each lease its sequence number");
        var problem = Between(m.LeaseIds.Length, 0, MaxMessageBuffers, "buffer count")
            ?? Text(m.Target, MaxPathBytes, "target actor path")
            ?? Text(m.Sender, MaxPathBytes, "sender actor path")
            ?? Between(m.Payload.Length, 0, MaxPayloadBytes, "body");
        for (var i = 0; i < m.Sequences.Length && problem is null; i++) problem = AtLeast(m.Sequences[i], 1, "delivery sequence");
        return problem;
    }

    /// <summary>Null when <paramref name="value"/> is valid UTF-16 of at most <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    internal static FrameProblem? Text(string? value, int maxBytes, string field)
    {
        if (value is null) return new FrameProblem(field, "is null", "give an empty string instead");
        var bytes = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x80) bytes += 1;
            else if (c < 0x800) bytes += 2;
            else if (!char.IsSurrogate(c)) bytes += 3;
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                bytes += 4;
                i++;
            }
            else
            {
                return new FrameProblem(field, $"holds a lone surrogate (U+{(int)c:X4}) at index {i}, which UTF-8 cannot carry",
                    "remove it (a string cut in the middle of a surrogate pair has one)");
            }
        }
        return bytes <= maxBytes ? null : new FrameProblem(field, $"is {bytes:N0} UTF-8 bytes; the limit is {maxBytes:N0}", AdviceFor(field), maxBytes);
    }

    /// <summary>Null when <paramref name="value"/> is at least <paramref name="min"/>.</summary>
    internal static FrameProblem? AtLeast(int value, int min, string field) =>
        value >= min ? null : new FrameProblem(field, $"is {value}; it must be at least {min}", "this is a fault of the sending node");

    /// <summary>Null when <paramref name="value"/> is within <paramref name="min"/>..<paramref name="max"/>.</summary>
    internal static FrameProblem? Between(int value, int min, int max, string field) =>
        value < min ? AtLeast(value, min, field)
        : value <= max ? null
        : new FrameProblem(field, $"is {value:N0}{(field == "body" || field.EndsWith("length", StringComparison.Ordinal) ? " bytes" : "")}; the limit is {max:N0}", AdviceFor(field), max);

    /// <summary>
    /// <paramref name="text"/> made fit for a text field of at most <paramref name="maxBytes"/> UTF-8 bytes: lone
    /// surrogates replaced with U+FFFD, and cut (between whole characters) with an ellipsis when too long. For
    /// texts this node writes itself, such as failure reasons, which must never make their frame unwritable.
    /// </summary>
    internal static string Fit(string? text, int maxBytes)
    {
        var runes = (text ?? "").EnumerateRunes().ToArray(); // a lone surrogate enumerates as U+FFFD
        var room = runes.Sum(r => r.Utf8SequenceLength) <= maxBytes ? maxBytes : maxBytes - 3; // 3: the ellipsis
        var fitted = new System.Text.StringBuilder();
        var bytes = 0;
        foreach (var rune in runes)
        {
            if (bytes + rune.Utf8SequenceLength > room) return fitted.Append('…').ToString();
            fitted.Append(rune.ToString());
            bytes += rune.Utf8SequenceLength;
        }
        return fitted.ToString();
    }

    private static string AdviceFor(string field) => field switch
    {
        "target actor path" => "give the target actor (and its parents) shorter names",
        "sender actor path" => "send from an actor with a shorter path, or without a sender",
        "body" => "put large data in shared buffers, which travel beside the body",
        "buffer count" => "send the buffers in several messages, or gather them into fewer buffers",
        "endpoint name" or "tag" => "choose a shorter one; send larger data in a buffer",
        _ => "this is a fault of the sending node",
    };
}

/// <summary>A field of a frame that breaks the protocol's rules: which field, what is wrong with it, what to do, and its limit if it has one.</summary>
internal sealed record FrameProblem(string Field, string What, string Advice, int? Limit = null)
{
    public override string ToString() => $"its {Field} {What}";
}
