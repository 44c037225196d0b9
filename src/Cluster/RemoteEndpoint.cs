using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>
/// A named receiver of remote borrows on one cluster node: a domain bound with
/// <see cref="ClusterExchange.Bind"/> on <see cref="Node"/>. Immutable; safe to pass anywhere.
/// </summary>
/// <param name="Node">The node's address (as Akka.Cluster reports it, e.g. <c>akka.tcp://sys@127.0.0.1:4053</c>).</param>
/// <param name="Name">The endpoint's name on that node (at most 256 UTF-8 bytes).</param>
public sealed record RemoteEndpoint(Address Node, string Name)
{
    /// <inheritdoc />
    public override string ToString() => $"{Name}@{Node}";
}
