using System.Diagnostics;
using ActorInterp.Domains;
using Akka.Actor;
using Akka.Util;

namespace ActorInterp.Actors;

/// <summary>
/// The send end of a <see cref="DomainChannel{T}"/>. Thread-safe and shareable: hand it to the domains that
/// send. Items are marshalled on the calling thread (see <see cref="DomainChannel{T}"/>).
/// </summary>
/// <remarks>
/// This type is abstract as <c>ChannelWriter&lt;T&gt;</c> is. The send end of a channel of this node puts
/// each item into the channel before the send returns. With the remote layer installed, a send end can
/// travel inside a message to a domain on another node, where it is a <em>remote</em> send end
/// (<see cref="IsRemote"/>, <see cref="Channel"/> null): its items travel to the channel's node, a send
/// returns once its item is on its way, <see cref="FlushAsync"/> waits until they are in, flow control and
/// closing follow that layer's documentation, and its sends may also throw that layer's exceptions (all
/// derived from <see cref="InvalidOperationException"/>). Only this library derives from this type.
/// </remarks>
/// <typeparam name="T">The channel's item type.</typeparam>
[DebuggerDisplay("{ToString(),nq}")]
public abstract partial class ChannelSender<T> : IShareable, ISurrogated
{
    private protected ChannelSender(string name) => Name = name;

    /// <summary>The channel when it lives on this node; null on a remote send end (<see cref="IsRemote"/>).</summary>
    public abstract DomainChannel<T>? Channel { get; }

    /// <summary>The channel's name.</summary>
    public string Name { get; }

    /// <summary>
    /// The channel's id (<see cref="DomainChannel{T}.Id"/>): the same in every domain and on every node, since
    /// a send end that crosses to another node carries it.
    /// </summary>
    public abstract Guid ChannelId { get; }

    /// <summary>True when the channel lives on another node (see the remarks); <see cref="Channel"/> is then null.</summary>
    public bool IsRemote => Channel is null;

    /// <summary>
    /// True once the send end is closed (or the receive end, which stops sends too). A remote send end knows
    /// it once its node learned it (a close through it, a refused item, or the channel's node gone).
    /// </summary>
    public abstract bool IsClosed { get; }

    /// <summary>
    /// Sends <paramref name="item"/>, waiting while a bounded channel is full (on a remote send end, while its
    /// node's window of the channel is full). A remote send completes once the item is on its way;
    /// <see cref="FlushAsync"/> tells whether it went in.
    /// </summary>
    /// <exception cref="NotShareableException">The item cannot cross (thrown at the call; the channel is unchanged).</exception>
    /// <exception cref="DomainChannelClosedException">The channel is closed for sending (at the call, or while waiting; the item was not sent).</exception>
    /// <exception cref="OperationCanceledException">(In the task) cancelled while waiting; the item was not sent.</exception>
    /// <exception cref="DomainClosedException">(In the task) the sending domain is closing with force, or its runtime is shutting down, while the send waited; the item was not sent and its borrows were given back.</exception>
    /// <exception cref="InvalidOperationException">A remote send end that cannot send (see the remote layer); nothing was sent.</exception>
    public ValueTask SendAsync(T item, CancellationToken cancellationToken = default) => SendCoreAsync(item, null, cancellationToken);

    /// <summary>
    /// Sends <paramref name="item"/> if there is room now; false when a bounded channel is full, or on a
    /// remote send end when its node's window of the channel is full (nothing was sent). Never blocks.
    /// </summary>
    /// <exception cref="NotShareableException">The item cannot cross; the channel is unchanged.</exception>
    /// <exception cref="DomainChannelClosedException">The channel is closed for sending (or known closed on a remote send end).</exception>
    /// <exception cref="InvalidOperationException">A remote send end that cannot send (see the remote layer); nothing was sent.</exception>
    public bool TrySend(T item) => TrySendCore(item, null);

    /// <summary>
    /// Sends <paramref name="item"/>, blocking the calling thread while the channel is full (on a remote send
    /// end, while its node's window of the channel is full), for at most <paramref name="timeout"/>.
    /// </summary>
    /// <exception cref="NotShareableException">The item cannot cross; the channel is unchanged.</exception>
    /// <exception cref="TimeoutException">Still full after <paramref name="timeout"/>; the item was not sent.</exception>
    /// <exception cref="DomainClosedException">The sending domain is closing with force, or its runtime is shutting down; the item was not sent.</exception>
    /// <exception cref="DomainChannelClosedException">The channel is closed for sending (or known closed on a remote send end).</exception>
    /// <exception cref="InvalidOperationException">A remote send end that cannot send (see the remote layer); nothing was sent.</exception>
    public void Send(T item, TimeSpan timeout) => SendCore(item, timeout, null);

    /// <summary>
    /// Completes when every item sent so far through this node's remote send ends of the channel has been
    /// answered by the channel's node: each one is in the channel (which does not mean received), or was
    /// refused. On a send end whose channel lives on this node it completes at once: a local send has put its
    /// item in the channel when it returns. Any thread.
    /// </summary>
    /// <exception cref="DomainChannelClosedException">(In the task) one of those items was refused because the channel is closed, or the channel's node left before answering them all.</exception>
    /// <exception cref="InvalidOperationException">(In the task) one of those items did not go in for another reason, or was lost on the way.</exception>
    /// <exception cref="OperationCanceledException">(In the task) cancelled while waiting; the items are unaffected.</exception>
    public abstract Task FlushAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Closes the send end for every domain: later sends throw <see cref="DomainChannelClosedException"/>; items
    /// already queued can still be received. Any thread; closing again does nothing. Through a remote send
    /// end, the close travels behind the items its node sent.
    /// </summary>
    /// <exception cref="InvalidOperationException">A remote send end that cannot reach the channel's node (see the remote layer).</exception>
    public abstract void Close();

    /// <summary>
    /// The calling domain (or code outside every domain) lets go of the send end; when nobody holds it any
    /// more, it closes as by <see cref="Close"/>. Does nothing on a remote send end.
    /// </summary>
    public abstract void Release();

    /// <summary>How the send end crosses to another node (with the remote layer installed).</summary>
    /// <exception cref="InvalidOperationException">The actor system has no remote layer that can carry channel ends.</exception>
    public abstract ISurrogate ToSurrogate(ActorSystem system);

    internal abstract ValueTask SendCoreAsync(T item, UnboundItemPolicy? unboundItems, CancellationToken cancellationToken);

    internal abstract bool TrySendCore(T item, UnboundItemPolicy? unboundItems);

    internal abstract void SendCore(T item, TimeSpan timeout, UnboundItemPolicy? unboundItems);
}
