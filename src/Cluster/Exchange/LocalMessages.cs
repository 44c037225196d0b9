using ActorInterp.Sharing;

namespace ActorInterp.Cluster;

/// <summary>From a domain's thread to its node's exchange: lend the buffer behind <see cref="Handle"/> to <see cref="Target"/>.</summary>
/// <remarks>Never leaves the process (no serializer is bound to it).</remarks>
internal sealed record ShareRequest(BufferHandle Handle, RemoteEndpoint Target, string Tag);

/// <summary>From the mirror domain's ledger hook: a local copy may have no holders left.</summary>
internal sealed record MirrorIdle(Mirror Mirror);

/// <summary>Asks the exchange for a view of its state (tests and diagnostics).</summary>
internal sealed record InspectRequest;

/// <summary>The exchange's state: members it knows, leases out (id, node, buffer), copies kept.</summary>
internal sealed record ExchangeView(IReadOnlyCollection<Akka.Actor.Address> Members, IReadOnlyList<(long Lease, Akka.Actor.Address Node, long BufferId)> Leases, int Copies);

/// <summary>From a sending thread to its node's exchange: an actor message whose buffers were lent (parked) for the target's node.</summary>
/// <remarks>
/// Never leaves the process. <see cref="Tracked"/>: the target may also get messages over plain remoting,
/// so the exchange asks for a <see cref="MessageDone"/> and reports it (<see cref="ClusterExchange.MessageLanded"/>).
/// <see cref="OnDropped"/>: run on the exchange's thread if the message is dropped after the call (the target's node
/// reports it dropped, the node is not a member, or its frame is refused here), with what happened.
/// Built and checked against the wire's limits on the sender's thread by <see cref="OutgoingMessages"/>.
/// </remarks>
internal sealed record MessageRequest(BufferHandle[] Handles, Akka.Actor.Address Node, string Target, int DomainId, string Sender, byte[] Payload, bool Tracked, Action<MessageDrop>? OnDropped);

/// <summary>Why a message accepted at the call was dropped later: <see cref="ByWire"/> when the wire could not carry it (a buffer's transfer refused, a frame refused), which its sender is told of.</summary>
internal sealed record MessageDrop(bool ByWire, string Reason);
