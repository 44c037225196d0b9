namespace ActorInterp.Actors;

/// <summary>
/// Thrown when a channel (or its receive end) is closed without force while items are still queued: the
/// items would be lost. Receive them first, or close with <c>force: true</c>, which drops them and gives
/// back every borrow they carry. The channel is unchanged.
/// </summary>
public sealed class ChannelNotEmptyException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public ChannelNotEmptyException(string channelName, int count, string message) : base(message)
    {
        ChannelName = channelName;
        Count = count;
    }

    /// <summary>The channel's name.</summary>
    public string ChannelName { get; }

    /// <summary>How many items were queued.</summary>
    public int Count { get; }
}
