using ActorInterp.Actors;

namespace ActorInterp.Cluster;

/// <summary>
/// Reports that a message to a domain actor on another node, accepted at the call, was dropped later because
/// the wire could not carry it: that node refused the transfer of one of its buffers (over its
/// <see cref="ClusterExchangeOptions.MaxIncomingLength"/>, or corrupt on the way), or this node's exchange found
/// a frame it could not write. Every borrow made for the message was given back. An <see cref="DomainActorRef.Ask{T}"/>
/// fails with it at once; the sending actor of a <see cref="DomainActorRef.Tell"/> (when it is an actor of this
/// node) receives it as <see cref="Akka.Actor.Status.Failure"/>. A remote receive end's receive throws it when the item
/// taken for it on the channel's node cannot travel here (that node dropped the item, and says why).
/// </summary>
public sealed class RemoteDeliveryException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="target">The target actor's full path.</param>
    /// <param name="message">The full message.</param>
    public RemoteDeliveryException(string target, string message) : base(message) => Target = target;

    /// <summary>The full path of the actor the message was for (for a remote receive, the channel's outlet).</summary>
    public string Target { get; }
}
