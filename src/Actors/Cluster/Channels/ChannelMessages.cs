namespace ActorInterp.Actors.Cluster;

/// <summary>From a remote send end to its channel's inlet: put <see cref="Item"/> into the channel.</summary>
internal sealed record ChannelPut(object? Item);

/// <summary>From a remote send end to its channel's inlet: close the channel's send end.</summary>
internal sealed record ChannelClose;
