using ActorInterp.Sharing;

namespace ActorInterp.Actors.Cluster;

/// <summary>From a domain's thread to its node's exchange: lend the buffer behind <see cref="Handle"/> to <see cref="Target"/>.</summary>
/// <remarks>Never leaves the process (no serializer is bound to it).</remarks>
internal sealed record ShareRequest(BufferHandle Handle, RemoteEndpoint Target, string Tag);

/// <summary>From the mirror domain's ledger hook: a local copy may have no holders left.</summary>
internal sealed record MirrorIdle(Mirror Mirror);
