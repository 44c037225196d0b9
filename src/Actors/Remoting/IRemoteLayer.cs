using Akka.Actor;
using Akka.Util;

namespace ActorInterp.Actors;

/// <summary>
/// What the Actors layer asks of the layer that reaches other nodes, installed on an actor system through
/// <see cref="ActorSystemLayer.InstallRemote"/>. The Actors layer works without one: references and channel
/// ends then stay on their node. Every member is called from any thread.
/// </summary>
internal interface IRemoteLayer
{
    /// <summary>
    /// The sender a domain actor should see for <paramref name="sender"/>: one that can carry an answer with
    /// buffers back when the message is a question from another node, else <paramref name="sender"/> itself.
    /// Called for every message a domain actor dequeues: cheap when the sender is local.
    /// </summary>
    IActorRef AnswerRefFor(IActorRef sender);

    /// <summary>A reference to a domain actor on another node.</summary>
    DomainActorRef RemoteActor(RuntimeActors actors, IActorRef actor, int domainId, string domainName, CopyPolicy? copyPolicy);

    /// <summary>How the send end of a channel of this node crosses to another node.</summary>
    /// <exception cref="InvalidOperationException">The remote layer cannot carry channel ends (its exchange is not running).</exception>
    ISurrogate SenderSurrogate<T>(DomainChannel<T> channel, ActorSystem system);

    /// <summary>How the receive end of a channel of this node crosses to another node.</summary>
    /// <exception cref="InvalidOperationException">The remote layer cannot carry channel ends (its exchange is not running).</exception>
    ISurrogate ReceiverSurrogate<T>(DomainChannel<T> channel, ActorSystem system);
}
