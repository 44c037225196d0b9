namespace ActorInterp.Actors;

/// <summary>
/// What a channel does with a queued item whose buffers' owner goes away before the item is received: the
/// owner domain starts closing (drain or force) or crashes, or, for an item that came from another node, that
/// node leaves the cluster. Python's <c>create_queue(unbounditems=...)</c>: <see cref="Marker"/> is
/// <c>UNBOUND</c>, <see cref="Error"/> is <c>UNBOUND_ERROR</c>, <see cref="Remove"/> is <c>UNBOUND_REMOVE</c>;
/// <see cref="Keep"/> has no Python counterpart and is the default.
/// </summary>
/// <remarks>
/// <para>Set per channel (<see cref="UnboundChannelExtensions.CreateChannel{T}(ActorInterp.Domains.DomainRuntime, int?, UnboundItemPolicy, string?)"/>)
/// and overridable per send (<see cref="ChannelSender{T}.SendAsync(T, UnboundItemPolicy, CancellationToken)"/> and
/// its siblings). Only items that lend buffers have an owner; an item without buffers (a shareable value, or a
/// copy) never becomes unbound.</para>
/// <para>With every rule but <see cref="Keep"/>, the item lets go of its borrows as soon as its owner starts
/// closing, so the owner's drain does not wait for it; the item itself is then removed, or stays queued as a
/// placeholder that the next receive turns into an error or a marker. An item that lends buffers of several
/// owners becomes unbound when the first of them goes; every borrow it holds is given back then.</para>
/// </remarks>
public enum UnboundItemPolicy
{
    /// <summary>
    /// Today's behaviour and the default: the item stays whole. An owner closing with drain waits until the item
    /// is received and its proxies are released; an owner closing with force revokes it (the receiver gets
    /// proxies that throw <see cref="ActorInterp.Sharing.OwnerClosedException"/> when read). A copy from a node
    /// that left stays readable (orphaned).
    /// </summary>
    Keep,

    /// <summary>
    /// The item leaves the channel at once: <see cref="DomainChannel{T}.Count"/> drops, its borrows are given
    /// back (so the owner's drain completes without it), and no receiver ever sees it.
    /// </summary>
    Remove,

    /// <summary>
    /// The item stays queued in its place without its borrows; the receive that reaches it throws
    /// <see cref="ItemOwnerClosedException"/> naming the owner and the channel. The item is consumed by that
    /// throw: the next receive gets the next item.
    /// </summary>
    Error,

    /// <summary>
    /// The item stays queued in its place without its borrows; the receive that reaches it gets an
    /// <see cref="UnboundItem"/> placeholder instead: <see cref="ChannelReceiver{T}.ReceiveEntryAsync"/> and the
    /// other entry forms return it in a <see cref="ChannelEntry{T}"/>. The plain forms, which can only return a
    /// item of the channel's type, throw <see cref="ItemOwnerClosedException"/> for it, as for <see cref="Error"/>.
    /// </summary>
    Marker,
}
