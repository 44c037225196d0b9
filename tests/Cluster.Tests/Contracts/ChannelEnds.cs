using ActorInterp.Actors;
using ActorInterp.Cluster.Tests.Actors;
using ActorInterp.Domains;

namespace ActorInterp.Cluster.Tests.Contracts;

/// <summary>
/// A channel as a <see cref="ChannelContract"/> test sees it: a send end to use from <see cref="SenderDomain"/>,
/// a receive end to use from <see cref="ReceiverDomain"/>, and the channel itself where it lives, to look at its
/// figures (as its users on that node can).
/// </summary>
public sealed record ChannelEnds(
    ChannelSender<Item> Sender,
    ChannelReceiver<Item> Receiver,
    Domain SenderDomain,
    Domain ReceiverDomain,
    DomainChannel<Item> Channel);
