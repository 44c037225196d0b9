using ActorInterp.Sharing;
using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>
/// A borrow that reached a bound endpoint, given to its handler on the endpoint domain's thread. The
/// handler owns <see cref="Handle"/>: open it (<see cref="BufferHandle.Open"/>) into a proxy on this
/// node's copy of the bytes, or dispose it; either way the node's single release to the owner node is
/// sent once every local holder has let go.
/// </summary>
/// <param name="Handle">The borrow, addressed to the endpoint's domain.</param>
/// <param name="Tag">The sender's label.</param>
/// <param name="From">The node the buffer came from (this node for a local delivery).</param>
/// <param name="Endpoint">The endpoint's name.</param>
public sealed record RemoteDelivery(BufferHandle Handle, string Tag, Address From, string Endpoint);
