using System.Diagnostics;
using ActorInterp.Domains;
using Akka.Actor;
using Akka.Actor.Internal;
using Akka.Util;

namespace ActorInterp.Actors;

/// <summary>
/// A reference to an actor placed in a domain (made by <see cref="DomainActorExtensions.ActorOf(Domain, Props, string?, CopyPolicy?)"/>).
/// <see cref="Tell"/>, <see cref="Ask{T}"/> and <see cref="Forward"/> marshal the message at the domain
/// boundary, on the sender's thread, from whichever domain (or none) sends it:
/// <list type="bullet">
/// <item>from the actor's own domain the message passes as it is;</item>
/// <item>shareable values pass as they are, with no work;</item>
/// <item>a <see cref="ActorInterp.Sharing.SharedBuffer"/> the sender owns is lent and a
/// <see cref="ActorInterp.Sharing.BufferProxy"/> the sender holds is passed on; the actor receives
/// proxies of its own in their place (declare such fields as <see cref="ActorInterp.Sharing.IReadOnlyBuffer"/>,
/// <see cref="ActorInterp.Sharing.BufferProxy"/> or <see cref="object"/>), found in records, immutable
/// collections and (when copying) arrays;</item>
/// <item>anything else is refused at the call with <see cref="NotShareableException"/>, and nothing is sent,
/// unless the target's <see cref="CopyPolicy"/> is <see cref="Actors.CopyPolicy.Copy"/>.</item>
/// </list>
/// A message with buffers that cannot be delivered (the actor stopped) goes to dead letters and its borrows
/// are given back. The reference itself is shareable and thread-safe.
/// </summary>
/// <remarks>
/// This type is abstract as <c>ChannelWriter&lt;T&gt;</c> is: the actor either runs on this node
/// (<see cref="IsRemote"/> false, <see cref="Domain"/> set) or, with the remote layer installed on the actor
/// system, on another node, where sends travel through that layer and may throw its own exceptions (for
/// instance when a message exceeds the wire's limits); those are documented with the remote layer.
/// Only this library derives from it.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public abstract class DomainActorRef : ICanTell, IShareable, IEquatable<DomainActorRef>, ISurrogated
{
    private protected DomainActorRef(IActorRef actorRef, int domainId, string domainName, CopyPolicy? copyPolicy, RuntimeActors actors)
    {
        ActorRef = actorRef;
        DomainId = domainId;
        DomainName = domainName;
        OwnCopyPolicy = copyPolicy;
        Actors = actors;
    }

    internal RuntimeActors Actors { get; }

    /// <summary>
    /// The last message type a reference to an actor of this node found to pass as it is (its plan is
    /// <see cref="TypePlan.IsPass"/>), which <see cref="Tell"/> sends straight to the actor; null for
    /// references that marshal every message (to another node). Written racily from any thread: any value
    /// seen is a type that passes, and a stale one only costs the full path.
    /// </summary>
    private protected Type? PassType { get; set; }

    /// <summary>The policy given when the reference was made; null to follow the runtime's.</summary>
    internal CopyPolicy? OwnCopyPolicy { get; }

    /// <summary>
    /// The raw Akka.NET reference, for Akka's own patterns (Watch, routers, PipeTo to the raw actor).
    /// Messages sent through it are not marshalled: send only plain shareable values that way.
    /// </summary>
    public IActorRef ActorRef { get; }

    /// <summary>The domain the actor runs in when it runs on this node; null when it runs on another node (<see cref="IsRemote"/>).</summary>
    public abstract Domain? Domain { get; }

    /// <summary>The id of the actor's domain (on the actor's node).</summary>
    public int DomainId { get; }

    /// <summary>The name of the actor's domain (on the actor's node).</summary>
    public string DomainName { get; }

    /// <summary>True when the actor runs in a domain on another node; <see cref="Domain"/> is then null.</summary>
    public bool IsRemote => Domain is null;

    /// <summary>The address of the node the actor runs on.</summary>
    public abstract Address Node { get; }

    /// <summary>The actor's path.</summary>
    public ActorPath Path => ActorRef.Path;

    /// <summary>What happens to unshareable values sent to this actor: its own policy, or the runtime's.</summary>
    public CopyPolicy CopyPolicy => OwnCopyPolicy ?? Actors.CopyPolicy;

    /// <summary>
    /// The <see cref="DomainActorRef"/> of an actor placed in a domain, from its raw reference (for
    /// instance <c>Sender</c> inside an actor), or null when <paramref name="actor"/> is not such an actor.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static DomainActorRef? Of(DomainRuntime runtime, IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(actor);
        return RuntimeActors.For(runtime).Find(actor);
    }

    /// <summary>
    /// A reference to an actor placed in a domain, from its full path (<c>akka.tcp://sys@host:port/user/name</c>
    /// for an actor on another node) and its domain's id and name on its node. No message is sent to check
    /// that the actor exists: messages to an actor that does not exist become dead letters there. A
    /// reference received in a message is usually the better way to learn one.
    /// </summary>
    /// <param name="runtime">This node's runtime (its actor system resolves the path).</param>
    /// <param name="path">The actor's full path.</param>
    /// <param name="domainId">Its domain's id on its node.</param>
    /// <param name="domainName">Its domain's name on its node.</param>
    /// <param name="copyPolicy">What happens to unshareable values sent to it; the runtime's policy when null.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">The path is on another node and the actor system has no remote layer
    /// installed (references to other nodes come with the cluster package); nothing was resolved.</exception>
    public static DomainActorRef Resolve(DomainRuntime runtime, ActorPath path, int domainId, string domainName, CopyPolicy? copyPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(domainName);
        var actor = ((ExtendedActorSystem)runtime.System).Provider.ResolveActorRef(path);
        return FromResolved(RuntimeActors.For(runtime), actor, domainId, domainName, copyPolicy)
            ?? throw new InvalidOperationException(
                $"The actor {path} is on another node, and actor system '{runtime.System.Name}' has no remote layer to reach domain actors there. Install it (the cluster package's exchange) before resolving references to other nodes.");
    }

    /// <summary>
    /// The reference for a resolved actor: this node's own when the actor is one of its domain actors (or in
    /// one of its domains), else a reference through the actor system's remote layer; null without one.
    /// </summary>
    internal static DomainActorRef? FromResolved(RuntimeActors actors, IActorRef actor, int domainId, string domainName, CopyPolicy? copyPolicy)
    {
        var layer = ActorSystemLayer.Of(actors.Runtime.System);
        foreach (var candidate in layer.Runtimes)
            if (candidate.Find(actor) is { } local) return local;
        if (IsLocal(actors.Runtime.System, actor) && actors.Runtime.GetDomain(domainId) is { } domain && domain.Name == domainName)
            return new LocalDomainActorRef(actor, domain, copyPolicy, actors);
        return layer.Remote?.RemoteActor(actors, actor, domainId, domainName, copyPolicy);
    }

    private static bool IsLocal(ActorSystem system, IActorRef actor) =>
        actor is IInternalActorRef { IsLocal: true }
        || actor.Path.Address.HasLocalScope
        || actor.Path.Address == ((ExtendedActorSystem)system).Provider.DefaultAddress;

    /// <summary>
    /// Sends <paramref name="message"/> to the actor, marshalled for its domain. Any thread. Without a
    /// <paramref name="sender"/>, the calling actor (if any) is the sender, as with Akka's Tell.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="NotShareableException">Something in the message cannot cross; nothing was sent.</exception>
    /// <exception cref="WrongDomainException">The message holds a buffer or proxy that does not belong to the calling domain.</exception>
    /// <exception cref="InvalidOperationException">To an actor on another node: the remote layer refused the message (see its documentation); nothing was sent and its borrows were given back.</exception>
    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        sender ??= InternalCurrentActorCellKeeper.Current?.Self ?? ActorRefs.NoSender!;
        // The hot path: a message type already found to pass as it is goes straight to the actor, with no
        // look at the calling domain (from any domain, or from the actor's own, it would pass unchanged).
        if (ReferenceEquals(message.GetType(), PassType)) ActorRef.Tell(message, sender);
        else TellCore(message, sender);
    }

    /// <summary>Sends <paramref name="message"/> on with the current message's original sender. Inside an actor.</summary>
    /// <exception cref="NotShareableException">Something in the message cannot cross; nothing was sent.</exception>
    public void Forward(object message) => Tell(message, InternalCurrentActorCellKeeper.Current?.Sender ?? ActorRefs.NoSender);

    /// <summary>
    /// Sends <paramref name="message"/> and waits for the answer, like Akka's Ask. The answer is marshalled
    /// on the replier's thread for the asking domain and opened on the asker's thread: a buffer in it
    /// arrives as a proxy owned by the asker (awaiting from outside every domain, only answers without
    /// buffers can arrive). An answer of <see cref="Status.Failure"/> faults the task with its cause.
    /// To an actor on another node (<see cref="IsRemote"/>) the question and the answer travel as Tells do,
    /// buffers included, through the remote layer.
    /// </summary>
    /// <param name="message">The question.</param>
    /// <param name="timeout">How long to wait; Akka's <c>akka.actor.ask-timeout</c> when null (infinite by default).</param>
    /// <param name="cancellationToken">Cancels the wait (the task is cancelled).</param>
    /// <exception cref="NotShareableException">Something in the question cannot cross (thrown at the call; nothing was sent).</exception>
    /// <exception cref="DomainClosedException">(In the task) the actor's domain is closing or closed, or closed before answering; or its node left before answering.</exception>
    /// <exception cref="AskTimeoutException">(In the task) no answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidCastException">(In the task) the answer is not a <typeparamref name="T"/>.</exception>
    /// <exception cref="InvalidOperationException">To an actor on another node: the remote layer refused the question (at the call) or
    /// lost it on the way (in the task); see its documentation.</exception>
    public Task<T> Ask<T>(object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return AskCore<T>(message, timeout, cancellationToken);
    }

    /// <summary>Sends a message whose sender is settled.</summary>
    internal abstract void TellCore(object message, IActorRef sender);

    /// <summary>Asks; <paramref name="message"/> is not null.</summary>
    internal abstract Task<T> AskCore<T>(object message, TimeSpan? timeout, CancellationToken cancellationToken);

    /// <summary>How the reference crosses the wire: the actor's full path and its domain's id and name.</summary>
    public ISurrogate ToSurrogate(ActorSystem system) =>
        new DomainActorRefSurrogate(Akka.Serialization.Serialization.SerializedActorPath(ActorRef), DomainId, DomainName, OwnCopyPolicy);

    /// <summary>Waits for <paramref name="reply"/>'s answer and opens it on the asker's thread; <paramref name="done"/> runs once the wait ends.</summary>
    internal async Task<T> AwaitAnswer<T>(AskReplyRef reply, Action<AskReplyRef> done, Domain? asker, TimeSpan? wait, CancellationToken cancellationToken)
    {
        var timeout = wait ?? Actors.Runtime.System.Settings.AskTimeout;
        using var timer = timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan ? new CancellationTokenSource(timeout) : null;
        await using var onTimeout = timer?.Token.Register(static state =>
        {
            var (r, t, path) = ((AskReplyRef, TimeSpan, ActorPath))state!;
            r.Fail(new AskTimeoutException($"Timeout after {t} waiting for an answer from {path}."));
        }, (reply, timeout, Path));
        await using var onCancel = cancellationToken.Register(static state =>
        {
            var (r, token) = ((AskReplyRef, CancellationToken))state!;
            r.Cancel(token);
        }, (reply, cancellationToken));
        object answer;
        try
        {
            // Resumes in the asker's context (its domain's, or its actor's), so the answer opens on its thread.
            answer = await reply.Task;
        }
        finally
        {
            done(reply);
        }
        if (answer is MarshalledMessage marshalled)
        {
            // Null only for an answer from another node without buffers, which opens on any thread.
            if (asker is null || asker.IsCurrent) return (T)marshalled.Open();
            try
            {
                return (T)await asker.RunInternalAsync(marshalled.Open).ConfigureAwait(false);
            }
            catch (DomainClosedException)
            {
                marshalled.GiveBack();
                throw;
            }
        }
        return (T)answer;
    }

    void ICanTell.Tell(object message, IActorRef sender) => Tell(message, sender);

    /// <inheritdoc />
    public bool Equals(DomainActorRef? other) => other is not null && ActorRef.Equals(other.ActorRef);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DomainActorRef);

    /// <inheritdoc />
    public override int GetHashCode() => ActorRef.GetHashCode();
}
