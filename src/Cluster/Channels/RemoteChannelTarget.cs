using ActorInterp.Actors;
using ActorInterp.Domains;
using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>
/// Where a remote send end sends: its channel's inlet on the channel's node (and, the other way, where an
/// outlet answers a remote receive end: the asking node's answer actor). Every item and the close go
/// through this node's exchange, so that they keep their order per sending node, whether they carry buffers
/// or not (and untracked: nothing reaches these actors over plain remoting, so nothing can overtake them).
/// </summary>
internal sealed class RemoteChannelTarget(DomainActorRef inlet, string channelName, Guid channelId = default)
{
    internal DomainActorRef Inlet { get; } = inlet;

    internal string ChannelName { get; } = channelName;

    /// <summary>The channel's id, for a remote send end (empty where the target is an answer actor).</summary>
    internal Guid ChannelId { get; } = channelId;

    /// <summary>Marshals <paramref name="message"/> for the channel's node and hands it to the exchange. Sender's thread.</summary>
    /// <exception cref="NotShareableException">Something in the item cannot cross; nothing was sent.</exception>
    /// <exception cref="InvalidOperationException">No exchange runs on this node.</exception>
    internal void Submit(object message, Domain? from, bool countItem = true, IActorRef? sender = null)
    {
        var actors = Inlet.Actors;
        var exchange = ClusterExchange.Find(actors.Runtime) ?? throw new InvalidOperationException(
            $"Sending on the remote send end of channel '{ChannelName}' needs this node's buffer exchange: start it with ClusterExchange.StartAsync. Nothing was sent.");
        var plan = PlanCache.For(message.GetType());
        var wire = Marshaller.Prepare(message, from, MarshalTarget.Parked(exchange.ParkingIdFor(Inlet.Node), Inlet.CopyPolicy, actors), plan);
        if (wire is MarshalledMessage marshalled) exchange.SubmitMessage(marshalled, Inlet, sender ?? ActorRefs.NoSender, from, tracked: false);
        else exchange.SubmitMessage(wire, [], Inlet, sender ?? ActorRefs.NoSender, from, tracked: false);
        if (countItem) RuntimeActors.Count(ref actors.ChannelItemsSent.Value);
    }
}
