using ActorInterp.Actors;
using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>
/// How the sender of a Tell or Ask to a domain actor on another node learns that the wire could not carry a
/// message accepted at the call (see <see cref="RemoteDeliveryException"/>). Other drops (no such actor on
/// that node) are not reported, as a Tell to an actor that stopped is not: the target's node logs them.
/// </summary>
internal static class DropReports
{
    /// <summary>The exchange's handler of a drop of a message from <paramref name="sender"/> to <paramref name="target"/>. Runs on the exchange's thread.</summary>
    internal static Action<MessageDrop> ToSender(IActorRef sender, DomainActorRef target) => drop =>
    {
        if (!drop.ByWire) return;
        var failure = new RemoteDeliveryException(target.Path.ToString(),
            $"A message to {target} was dropped after it was sent: {drop.Reason}. The borrows made for it were given back.");
        switch (sender)
        {
            case AskReplyRef ask:
                ask.Fail(failure);   // the Ask fails now, not at its timeout
                break;
            case ActorRefWithCell actor:
                // An actor of this node: told as Akka reports a failed operation. Other senders (none, or an actor
                // of another node) have only the logs of both nodes.
                actor.Tell(new Status.Failure(failure), ActorRefs.NoSender);
                break;
        }
    };
}
