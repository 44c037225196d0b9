using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>
/// The cluster's members as this node's exchange has seen them (from Akka.Cluster's member events), and the
/// exchange of each node it talks to. Exchange thread only.
/// </summary>
internal sealed class PeerDirectory(IActorRefProvider provider)
{
    private readonly HashSet<Address> _members = [];
    private readonly Dictionary<Address, IActorRef> _peers = [];

    /// <summary>The members seen so far (a copy).</summary>
    internal IReadOnlyCollection<Address> Members => _members.ToArray();

    internal bool IsMember(Address node) => _members.Contains(node);

    internal void Add(Address node) => _members.Add(node);

    /// <summary>Forgets a node that left: it is no longer a member, and its exchange is no longer told anything.</summary>
    internal void Remove(Address node)
    {
        _members.Remove(node);
        _peers.Remove(node);
    }

    /// <summary>The exchange of <paramref name="node"/>.</summary>
    internal IActorRef Peer(Address node)
    {
        if (!_peers.TryGetValue(node, out var peer))
        {
            // A remote reference resolved by path: every message to the node's exchange goes through the one
            // association, so they arrive in the order they were sent.
            peer = provider.ResolveActorRef(new RootActorPath(node) / "user" / ExchangeActor.Name);
            _peers[node] = peer;
        }
        return peer;
    }
}
