namespace ActorInterp.Cluster;

/// <summary>
/// The remote-borrow protocol between the buffer exchanges of two nodes. Every type here is bound to
/// <see cref="ExchangeSerializer"/>; nothing else is accepted by an exchange from the wire.
/// A lease is one node's borrow of one buffer: its id is chosen by the sending (owning) node.
/// </summary>
internal interface IExchangeMessage
{
    /// <summary>The lease the message is about.</summary>
    long LeaseId { get; }
}

/// <summary>Owner to holder node: a buffer of <see cref="Length"/> bytes follows in chunks of <see cref="ChunkSize"/>.</summary>
/// <param name="LeaseId">The lease, unique per sending node.</param>
/// <param name="Length">Total bytes.</param>
/// <param name="ChunkSize">Bytes per chunk (the last may be shorter).</param>
/// <param name="Checksum">Checksum of all the bytes (<see cref="Checksum64"/>).</param>
/// <param name="OriginBufferId">The buffer's id on the sending node (for logs).</param>
internal sealed record Offer(long LeaseId, int Length, int ChunkSize, ulong Checksum, long OriginBufferId) : IExchangeMessage
{
    /// <summary>How many chunks follow (over remoting), or the chunk count the holder acknowledges at once after a pull over the lane.</summary>
    public int ChunkCount => Length == 0 ? 0 : (int)(((long)Length + ChunkSize - 1) / ChunkSize);

    /// <summary>
    /// Set when the owner node offers the bytes over its data lane (see <see cref="LaneServer"/>): the holder pulls
    /// them from that port with the ticket's token, and no chunk follows over remoting unless it answers with a
    /// <see cref="LaneDeclined"/>. Null: the chunks follow over remoting.
    /// </summary>
    public LaneTicket? Lane { get; init; }
}

/// <summary>Where and with what the holder node may pull one lease's bytes: the owner node's lane port (on its remoting host) and a random token that proves the request.</summary>
/// <param name="Port">The lane's TCP port on the owner node's remoting hostname, 1 to 65,535.</param>
/// <param name="Token">128 random bits, good for one pull of this lease only.</param>
internal sealed record LaneTicket(int Port, UInt128 Token);

/// <summary>
/// Holder to owner node: the lease's bytes offered over the lane will not be pulled that way (the lane could not be
/// reached, or this node sends and receives over remoting only), for <see cref="Reason"/>: send the chunks over remoting.
/// </summary>
internal sealed record LaneDeclined(long LeaseId, string Reason) : IExchangeMessage
{
    /// <summary>The frame for <paramref name="reason"/> made fit for the wire (see <see cref="FrameRules.Fit"/>).</summary>
    internal static LaneDeclined For(long leaseId, string reason) => new(leaseId, FrameRules.Fit(reason, FrameRules.MaxReasonBytes));
}

/// <summary>Owner to holder node: chunk number <see cref="Index"/> of a lease's bytes.</summary>
internal sealed class Chunk(long leaseId, int index, ulong checksum, ReadOnlyMemory<byte> data) : IExchangeMessage
{
    public long LeaseId { get; } = leaseId;

    public int Index { get; } = index;

    /// <summary>Checksum of <see cref="Data"/>.</summary>
    public ulong Checksum { get; } = checksum;

    public ReadOnlyMemory<byte> Data { get; } = data;
}

/// <summary>Holder to owner node: the first <see cref="Received"/> chunks arrived (the window moves on).</summary>
internal sealed record ChunkAck(long LeaseId, int Received) : IExchangeMessage;

/// <summary>Owner to holder node: give one more local holder, bound as <see cref="Endpoint"/>, a proxy on the lease's copy.</summary>
/// <param name="LeaseId">The lease.</param>
/// <param name="Sequence">1, 2, ... per lease: how many deliveries the owner node has sent for it.</param>
/// <param name="Endpoint">The endpoint name bound on the holder node.</param>
/// <param name="Tag">The sender's label for this delivery.</param>
internal sealed record Deliver(long LeaseId, int Sequence, string Endpoint, string Tag) : IExchangeMessage;

/// <summary>
/// Holder to owner node: every local holder of the lease's copy has let go, after <see cref="Deliveries"/>
/// deliveries. The owner node ends the lease only if it sent no more deliveries than that.
/// </summary>
internal sealed record Release(long LeaseId, int Deliveries) : IExchangeMessage;

/// <summary>Owner to holder node: the lease ended; the copy may be freed.</summary>
internal sealed record ReleaseAck(long LeaseId) : IExchangeMessage;

/// <summary>Holder to owner node: the transfer was rejected (bad chunk, checksum, length); the lease ends.</summary>
internal sealed record TransferFailed(long LeaseId, string Reason) : IExchangeMessage
{
    /// <summary>The frame for <paramref name="reason"/> made fit for the wire (see <see cref="FrameRules.Fit"/>): a reason never makes its frame unwritable.</summary>
    internal static TransferFailed For(long leaseId, string reason) => new(leaseId, FrameRules.Fit(reason, FrameRules.MaxReasonBytes));
}

/// <summary>
/// Owner to holder node: an actor message with buffers for a domain actor on the holder node. The buffers
/// travel as leases (offered before this message, or already held by the node); the message's other
/// contents are <see cref="Payload"/>, serialized with each buffer replaced by its index in
/// <see cref="LeaseIds"/>. The holder node delivers once every lease's copy is complete.
/// </summary>
/// <param name="LeaseIds">The lease of each buffer, in the payload's index order.</param>
/// <param name="Sequences">For each lease, its delivery sequence number (as <see cref="Deliver.Sequence"/>).</param>
/// <param name="Target">The target actor's full path on the holder node.</param>
/// <param name="DomainId">The target actor's domain id on the holder node.</param>
/// <param name="Sender">The sender's full path, or empty.</param>
/// <param name="Payload">The serialized message (see <see cref="RemotePayload"/>).</param>
/// <param name="MessageId">The sending node's id for the message, named by the <see cref="MessageDone"/> that answers it; 0: no answer wanted.</param>
internal sealed record DeliverMessage(long[] LeaseIds, int[] Sequences, string Target, int DomainId, string Sender, byte[] Payload, long MessageId) : IExchangeMessage
{
    public long LeaseId => LeaseIds.Length > 0 ? LeaseIds[0] : 0;
}

/// <summary>
/// Holder to owner node: message <see cref="MessageId"/> is in its target's mailbox, or was dropped there
/// (<see cref="Fate"/>). Until then the owner node sends its later messages to that target through the exchange
/// too, so that a message without buffers never overtakes one with buffers; a drop is passed on to whoever sent
/// the message and waits for its fate.
/// </summary>
internal sealed record MessageDone(long MessageId, MessageFate Fate);

/// <summary>What became of an actor message on its target's node (one byte on the wire).</summary>
internal enum MessageFate : byte
{
    /// <summary>Dropped there: no such target (or no Ask waiting), or its domain is closing.</summary>
    Dropped = 0,

    /// <summary>In the target's mailbox.</summary>
    Delivered = 1,

    /// <summary>Dropped there because that node refused the transfer of one of its buffers (over its size limit, or corrupt): the wire could not carry it.</summary>
    TransferRefused = 2,
}
