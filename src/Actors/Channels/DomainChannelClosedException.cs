namespace ActorInterp.Actors;

/// <summary>
/// Thrown by a channel operation when the end it needs is closed: a send after the send end (or the
/// receive end) was closed or released, a receive after the receive end was closed, or a receive once the
/// send end is closed and every queued item has been received.
/// </summary>
public sealed class DomainChannelClosedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public DomainChannelClosedException(string channelName, string message) : base(message) => ChannelName = channelName;

    /// <summary>The channel's name.</summary>
    public string ChannelName { get; }
}
