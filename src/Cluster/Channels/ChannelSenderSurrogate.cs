using System.Runtime.Serialization;
using ActorInterp.Actors;
using Akka.Actor;
using Akka.Util;

namespace ActorInterp.Cluster;

/// <summary>
/// How a <see cref="ChannelSender{T}"/> crosses the wire: its channel's inlet on the channel's node (a
/// domain actor of that node's buffer exchange), the channel's name, its capacity and its id. On the channel's own
/// node it becomes the channel's send end again; elsewhere a remote send end, whose node keeps at most
/// <see cref="Capacity"/> items unconfirmed.
/// </summary>
/// <typeparam name="T">The channel's item type.</typeparam>
/// <param name="Inlet">The inlet actor's reference.</param>
/// <param name="ChannelName">The channel's name.</param>
/// <param name="Capacity">The channel's capacity (the send window of a remote send end's node), or null when unbounded.</param>
/// <param name="ChannelId">The channel's id (<see cref="DomainChannel{T}.Id"/>), which the remote send end reports.</param>
public sealed record ChannelSenderSurrogate<T>(ISurrogate Inlet, string ChannelName, int? Capacity, Guid ChannelId) : ISurrogate
{
    /// <summary>Resolves the send end on the receiving node.</summary>
    /// <exception cref="SerializationException">The inlet is not a domain actor reference, or the channel is no longer known on its node.</exception>
    public ISurrogated FromSurrogate(ActorSystem system)
    {
        if (Inlet.FromSurrogate(system) is not DomainActorRef inlet)
            throw new SerializationException($"The send end of channel '{ChannelName}' arrived without its inlet.");
        if (!inlet.IsRemote)
        {
            return ClusterExchange.FindBySystem(system)?.ChannelPorts.LocalSenderOf(inlet.ActorRef) as ChannelSender<T>
                ?? throw new SerializationException($"The send end of channel '{ChannelName}' came back to its node, which no longer knows the channel.");
        }
        return new RemoteChannelSender<T>(new RemoteChannelTarget(inlet, ChannelName, ChannelId), Capacity);
    }
}
