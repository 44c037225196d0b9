using System.Runtime.Serialization;
using ActorInterp.Actors;
using Akka.Actor;
using Akka.Util;

namespace ActorInterp.Cluster;

/// <summary>
/// How a <see cref="ChannelReceiver{T}"/> crosses the wire: its channel's outlet on the channel's node (a
/// domain actor of that node's buffer exchange), the channel's name and its id. On the channel's own node it
/// becomes the channel's receive end again; elsewhere a remote receive end.
/// </summary>
/// <typeparam name="T">The channel's item type.</typeparam>
/// <param name="Outlet">The outlet actor's reference.</param>
/// <param name="ChannelName">The channel's name.</param>
/// <param name="ChannelId">The channel's id (<see cref="DomainChannel{T}.Id"/>), which the remote receive end reports.</param>
public sealed record ChannelReceiverSurrogate<T>(ISurrogate Outlet, string ChannelName, Guid ChannelId) : ISurrogate
{
    /// <summary>Resolves the receive end on the receiving node.</summary>
    /// <exception cref="SerializationException">The outlet is not a domain actor reference, or the channel is no longer known on its node.</exception>
    public ISurrogated FromSurrogate(ActorSystem system)
    {
        if (Outlet.FromSurrogate(system) is not DomainActorRef outlet)
            throw new SerializationException($"The receive end of channel '{ChannelName}' arrived without its outlet.");
        if (!outlet.IsRemote)
        {
            return ClusterExchange.FindBySystem(system)?.ChannelPorts.LocalReceiverOf(outlet.ActorRef) as ChannelReceiver<T>
                ?? throw new SerializationException($"The receive end of channel '{ChannelName}' came back to its node, which no longer knows the channel.");
        }
        return new RemoteChannelReceiver<T>(new RemoteChannelSource(outlet, ChannelName, ChannelId));
    }
}
