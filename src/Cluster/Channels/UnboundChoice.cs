using ActorInterp.Actors;

namespace ActorInterp.Cluster;

/// <summary>
/// A channel item sent through a remote send end with its own rule for unbound items
/// (<see cref="ChannelSender{T}.SendAsync(T, UnboundItemPolicy, CancellationToken)"/>): it travels as the put's
/// item, marshalled like the item itself (its buffers lent as for any put), and the channel's inlet unwraps it.
/// </summary>
internal sealed record UnboundChoice(object? Item, UnboundItemPolicy Policy);
