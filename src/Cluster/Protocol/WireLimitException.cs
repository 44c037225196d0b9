using ActorInterp.Actors;

namespace ActorInterp.Cluster;

/// <summary>
/// Thrown at a <see cref="DomainActorRef.Tell"/>, <see cref="DomainActorRef.Ask{T}"/> or remote channel send to
/// another node when the message cannot travel within the limits of the exchange's wire protocol: the target's
/// or the sender's actor path is over 1,024 UTF-8 bytes, the body (without its buffers) is over 100,000 bytes,
/// it holds more than 256 buffers, or a text the protocol carries is not valid UTF-16 (a lone surrogate).
/// Nothing was sent, and every borrow made for the message was given back; later messages keep their order.
/// </summary>
public sealed class WireLimitException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">What is over the limit, e.g. <c>target actor path</c>.</param>
    /// <param name="limit">The limit (bytes or buffers), when the field has one.</param>
    /// <param name="message">The full message.</param>
    public WireLimitException(string field, int? limit, string message) : base(message)
    {
        Field = field;
        Limit = limit;
    }

    /// <summary>What could not travel: <c>target actor path</c>, <c>sender actor path</c>, <c>body</c> or <c>buffer count</c>.</summary>
    public string Field { get; }

    /// <summary>The limit the field broke (UTF-8 bytes, bytes, or buffers); null for a text that is not valid UTF-16.</summary>
    public int? Limit { get; }
}
