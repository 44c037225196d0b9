using System.Diagnostics;
using ActorInterp.Domains;
using Akka.Actor;
using Akka.Util;

namespace ActorInterp.Actors;

/// <summary>
/// The receive end of a <see cref="DomainChannel{T}"/>. Thread-safe and shareable: hand it to the domains
/// that receive. An item with buffers is opened in the receiving domain, which then owns its proxies.
/// </summary>
/// <remarks>
/// This type is abstract as <c>ChannelReader&lt;T&gt;</c> is. The receive end of a channel of this node
/// takes items from the channel itself. With the remote layer installed, a receive end can travel inside a
/// message to a domain on another node, where it is a <em>remote</em> receive end (<see cref="IsRemote"/>,
/// <see cref="Channel"/> null): each receive asks the channel's node for the next item (each item still
/// reaches exactly one receiver, local or remote; a try-receive never waits for the answer, see
/// <see cref="TryReceive"/>), and the item is opened in the receiving domain; its
/// receives may also throw that layer's exceptions (all derived from <see cref="InvalidOperationException"/>).
/// A remote receive end holds nothing: <see cref="Release"/> does nothing there. Only this library derives
/// from this type.
/// </remarks>
/// <typeparam name="T">The channel's item type.</typeparam>
[DebuggerDisplay("{ToString(),nq}")]
public abstract partial class ChannelReceiver<T> : IShareable, ISurrogated
{
    private protected ChannelReceiver(string name) => Name = name;

    /// <summary>The channel when it lives on this node; null on a remote receive end (<see cref="IsRemote"/>).</summary>
    public abstract DomainChannel<T>? Channel { get; }

    /// <summary>The channel's name.</summary>
    public string Name { get; }

    /// <summary>
    /// The channel's id (<see cref="DomainChannel{T}.Id"/>): the same in every domain and on every node, since
    /// a receive end that crosses to another node carries it.
    /// </summary>
    public abstract Guid ChannelId { get; }

    /// <summary>True when the channel lives on another node (see the remarks); <see cref="Channel"/> is then null.</summary>
    public bool IsRemote => Channel is null;

    /// <summary>True once the receive end is closed (a remote receive end knows only of a close called through it).</summary>
    public abstract bool IsClosed { get; }

    /// <summary>
    /// Receives the next item, waiting until one arrives. Inside a domain the wait frees the domain's
    /// thread and resumes on it.
    /// </summary>
    /// <exception cref="DomainChannelClosedException">The receive end is closed, or the send end is closed and the channel is empty; on a remote receive end, also when the channel's node is gone.</exception>
    /// <exception cref="OperationCanceledException">(In the task) cancelled while waiting; nothing was taken. On a remote receive end also when <paramref name="cancellationToken"/> is already cancelled at the call, queued items or not: it asks the channel's node for nothing (the channel's own receive end takes an item queued then).</exception>
    /// <exception cref="DomainClosedException">(In the task) the receiving domain is closing with force, or its runtime is shutting down, while the receive waited; nothing was taken.</exception>
    /// <exception cref="WrongDomainException">The item holds buffers and the caller runs outside every domain (the item was dropped, its borrows given back).</exception>
    /// <exception cref="InvalidOperationException">(In the task) a remote receive end: the item taken for it could not travel here (see the remote layer).</exception>
    public abstract ValueTask<T> ReceiveAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Receives an item if one is queued now; false otherwise. Never waits, on any receive end. On a remote
    /// receive end "queued now" means already on this node: this node's remote receive ends of the channel
    /// share what was fetched ahead for them; a call that finds nothing returns false at once and has the next
    /// queued items fetched from the channel's node (one fetch at a time, more items per fetch while this
    /// node's receivers drain them), which later receives of the channel in any domain of this node then take,
    /// so polling gets an item about one network round trip after it was queued. An item fetched that nobody
    /// takes goes back to the channel's node (see the remote layer), so no item is lost and each still reaches
    /// exactly one receiver.
    /// </summary>
    /// <exception cref="DomainChannelClosedException">The receive end is closed, or the send end is closed and the channel is empty (on a remote receive end, as the channel's node last answered); on a remote receive end, also when the channel's node is gone.</exception>
    /// <exception cref="WrongDomainException">The item holds buffers and the caller runs outside every domain (dropped; on a remote receive end it stays for the next receive).</exception>
    /// <exception cref="InvalidOperationException">A remote receive end: the item fetched for it could not travel here (see the remote layer).</exception>
    public abstract bool TryReceive(out T item);

    /// <summary>Receives the next item, blocking the calling thread for at most <paramref name="timeout"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="TimeoutException">No item within <paramref name="timeout"/>; nothing was taken. On a remote receive end a zero timeout throws at once, queued items or not: it asks the channel's node for nothing (use <see cref="TryReceive"/>; the channel's own receive end takes an item queued then).</exception>
    /// <exception cref="DomainClosedException">The receiving domain is closing with force, or its runtime is shutting down; nothing was taken.</exception>
    /// <exception cref="DomainChannelClosedException">The receive end is closed, or the send end is closed and the channel is empty.</exception>
    /// <exception cref="WrongDomainException">The item holds buffers and the caller runs outside every domain (dropped).</exception>
    public abstract T Receive(TimeSpan timeout);

    /// <summary>
    /// Closes the receive end for every domain, which stops sends too. Without <paramref name="force"/> the
    /// channel must be empty; with it, queued items are dropped and their borrows given back. Any thread.
    /// Through a remote receive end the close is a round trip to the channel's node, after the items this node
    /// fetched ahead for try-receives went back there (so a close without force counts them as queued).
    /// </summary>
    /// <exception cref="ChannelNotEmptyException">Items are queued and <paramref name="force"/> is false; nothing changed.</exception>
    /// <exception cref="TimeoutException">A remote receive end, and the channel's node did not answer within the actor system's ask timeout.</exception>
    /// <exception cref="DomainChannelClosedException">A remote receive end whose channel's node is gone: there is nothing left to close.</exception>
    public abstract void Close(bool force = false);

    /// <summary>
    /// The calling domain (or code outside every domain) lets go of the receive end; when nobody holds it
    /// any more, it closes, dropping whatever is still queued (its borrows are given back). Does nothing on
    /// a remote receive end.
    /// </summary>
    public abstract void Release();

    /// <summary>How the receive end crosses to another node (with the remote layer installed).</summary>
    /// <exception cref="InvalidOperationException">The actor system has no remote layer that can carry channel ends.</exception>
    public abstract ISurrogate ToSurrogate(ActorSystem system);
}
