using Akka.Actor;
using Akka.Event;

namespace ActorInterp.Cluster;

/// <summary>
/// Follows the cluster's members for the exchange: a node that comes up may be lent to; a node that is removed
/// (it left, or was downed) is gone for every part of the exchange at once: messages on their way to it are
/// forgotten, the borrows it held are reclaimed, copies of its buffers are orphaned or abandoned, and whatever
/// waits for an answer from it fails (<see cref="ClusterExchange.NodeGone"/>). Exchange thread only.
/// </summary>
internal sealed class Membership(ExchangeContext context, PeerDirectory peers, LeaseBook leases, MirrorBook mirrors, MessageRelay relay)
{
    /// <summary>A member joined, came up, or changed status: it is a member (until it is removed).</summary>
    internal void OnMemberSeen(Address node) => peers.Add(node);

    internal void OnMemberRemoved(Address node)
    {
        var self = context.SelfAddress;
        if (node == self) return;
        peers.Remove(node);
        ExchangeCounters.Add(ref context.Counters.NodesLost, 1);

        relay.ForgetMessagesTo(node);

        var reclaimed = leases.ReclaimFrom(node);
        if (reclaimed > 0)
        {
            ExchangeCounters.Add(ref context.Counters.ReclaimsAfterNodeLoss, reclaimed);
            context.Log.Info("Node {0} is gone; the buffer exchange of {1} reclaimed its {2} borrows.", node, self, reclaimed);
            context.RunHandler(() => context.Facade.RaiseBorrowsReclaimed(new BorrowsReclaimedEventArgs(node, reclaimed)));
        }

        var (orphaned, abandoned) = mirrors.OrphanFrom(node);
        if (orphaned + abandoned > 0)
        {
            context.Log.Warning("Node {0} is gone; {1} copies of its buffers on {2} are orphaned (still readable) and {3} transfers were abandoned.",
                node, orphaned, self, abandoned);
            context.RunHandler(() => context.Facade.RaiseOwnerNodeLost(new OwnerNodeLostEventArgs(node, orphaned, abandoned)));
        }
        context.RunHandler(() => context.Facade.RaiseNodeGone(node));
    }
}
