using ActorInterp.Actors;

namespace ActorInterp.Cluster;

/// <summary>
/// From a remote send end to its channel's inlet: put <see cref="Item"/> into the channel, and answer with a
/// <see cref="ChannelPutAnswer"/> to the put's sender (the sending node's answer actor, in the domain named
/// by <see cref="AnswerDomainId"/>). <see cref="Window"/> names the sending node's window of the channel and
/// <see cref="Id"/> the put within it (1, 2, 3, ... in the order they were sent).
/// </summary>
internal sealed record ChannelPut(long Window, long Id, object? Item, int AnswerDomainId, string AnswerDomainName);

/// <summary>
/// From a channel's inlet back to the sending node's answer actor: what became of puts <see cref="FirstId"/>
/// to <see cref="Id"/> of window <see cref="Window"/> (<see cref="ChannelAnswerKind.Done"/>,
/// <see cref="ChannelAnswerKind.Closed"/> or <see cref="ChannelAnswerKind.Refused"/>, with
/// <see cref="Message"/> saying why). The inlet answers a run of puts that went in with one answer; a refusal
/// answers one put.
/// </summary>
internal sealed record ChannelPutAnswer(long Window, long FirstId, long Id, ChannelAnswerKind Kind, string? Message);

/// <summary>From a remote send end to its channel's inlet: close the channel's send end.</summary>
internal sealed record ChannelClose;

/// <summary>What a remote receive end asks of its channel's outlet.</summary>
internal enum ChannelRequestKind
{
    /// <summary>Take the next item, waiting for one.</summary>
    Take,

    /// <summary>
    /// Take up to <see cref="ChannelRequest.Count"/> items queued now, each answered on its own (all but the
    /// last answer with <see cref="ChannelAnswer.More"/>); the answers end with Empty when fewer were queued.
    /// A fetch ahead for remote try-receives.
    /// </summary>
    TryTake,

    /// <summary>Stop waiting for the take <see cref="ChannelRequest.Id"/> (no answer).</summary>
    Cancel,

    /// <summary>Close the receive end (forced when <see cref="ChannelRequest.Force"/>).</summary>
    Close,
}

/// <summary>
/// From a remote receive end to its channel's outlet, through the exchanges. The answer goes to the request's
/// sender (the receiving node's answer actor, in the domain named by <see cref="AnswerDomainId"/>).
/// <see cref="Count"/>: for a <see cref="ChannelRequestKind.TryTake"/>, the most items to take.
/// </summary>
internal sealed record ChannelRequest(long Id, ChannelRequestKind Kind, bool Force, int AnswerDomainId, string AnswerDomainName, int Count = 1);

/// <summary>How an outlet answers a request.</summary>
internal enum ChannelAnswerKind
{
    /// <summary><see cref="ChannelAnswer.Item"/> was taken from the channel.</summary>
    Item,

    /// <summary>No item was queued (a TryTake).</summary>
    Empty,

    /// <summary>The channel is closed for receiving (or, to a put, for sending); the answer's message says why.</summary>
    Closed,

    /// <summary>A close without force was refused: <see cref="ChannelAnswer.Count"/> items are queued.</summary>
    NotEmpty,

    /// <summary>The close was done; or, to a put, the item is in the channel.</summary>
    Done,

    /// <summary>
    /// The item taken for a receive was unbound (its buffers' owner went away while it was queued, see
    /// <see cref="UnboundItemPolicy"/>) and consumed: <see cref="ChannelAnswer.Item"/> names the owner,
    /// <see cref="ChannelAnswer.Count"/> has bit 1 set when that owner is a node and bit 2 when the item was sent
    /// with <see cref="UnboundItemPolicy.Marker"/>, and the message says what happened.
    /// </summary>
    Unbound,

    /// <summary>A put's item was not put into the channel for another reason than its closing (it is not of the channel's type, or
    /// cannot be marshalled there); or, to a receive, the item taken for it cannot travel to the receiving node and was dropped.</summary>
    Refused,
}

/// <summary>
/// From an outlet back to the receiving node's answer actor: the answer to request <see cref="Id"/>. An item
/// nobody waits for any more goes back to <see cref="ReturnTo"/> (the outlet) as a <see cref="ChannelReturn"/>.
/// <see cref="More"/>: more answers to the same request follow (a try-take of several items).
/// </summary>
internal sealed record ChannelAnswer(long Id, ChannelAnswerKind Kind, object? Item, string? Message, int Count, DomainActorRef? ReturnTo = null, bool More = false);

/// <summary>
/// From a receiving node's answer actor back to a channel's outlet: an item taken for a remote receive that
/// stopped waiting before it arrived (cancelled, timed out, or unable to open it), or fetched ahead for a
/// remote try-receive that nobody took. The outlet serves it to the next remote receive, ahead of the
/// channel. A return with a non-zero <see cref="AckId"/> is confirmed: the outlet answers the return's sender
/// (in the domain named by <see cref="AnswerDomainId"/>) with a <see cref="ChannelAnswer"/> of that id,
/// <see cref="ChannelAnswerKind.Done"/> when it kept the item, <see cref="ChannelAnswerKind.Closed"/> when it
/// dropped it because the receive end is closed.
/// </summary>
internal sealed record ChannelReturn(object? Item, long AckId = 0, int AnswerDomainId = 0, string AnswerDomainName = "");

/// <summary>
/// To this node's answer actor, from this node: send back to <paramref name="Outlet"/> the item that was
/// fetched ahead and that nobody took, <paramref name="Fetched"/> (its <see cref="ChannelAnswer"/>, parked in
/// a <see cref="MarshalledMessage"/> when it holds buffers, which the answer actor opens); the outlet confirms
/// it to the wait registered under <paramref name="AckId"/>. <paramref name="Why"/> is for the logs. Never
/// crosses the wire.
/// </summary>
internal sealed record ReturnFetched(object Fetched, DomainActorRef Outlet, long AckId, string Why);
