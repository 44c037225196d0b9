namespace ActorInterp.Actors;

/// <summary>
/// Points inside a channel's send and close where tests stop one thread to order a race with another
/// (gates, not sleeps). Null on every channel unless a test sets <see cref="DomainChannel{T}.Probe"/>; a
/// probe's actions run on the thread that reaches the point.
/// </summary>
internal sealed class ChannelRaceProbe
{
    /// <summary>A send has its item ready and its open check passed, and is about to put the item into the queue.</summary>
    internal Action? BeforePut { get; init; }

    /// <summary>A close (of the channel, or of its receive end) has decided to close, and has not yet completed the queue.</summary>
    internal Action? CloseDecided { get; init; }
}
