using ActorInterp.Domains;
using Akka.Actor;
using Akka.Actor.Internal;
using Akka.Util;
using Akka.Event;

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
public sealed partial class DomainActorRef : ICanTell, IShareable, IEquatable<DomainActorRef>, ISurrogated
{
    private readonly RuntimeActors _actors;
    private readonly CopyPolicy? _copyPolicy;

    // The plan of the last message type sent through this reference (a plan knows its type): repeated
    // sends of one type skip even the per-thread cache.
    private TypePlan? _lastPlan;

    // Null for an actor on another node: its Domain object lives there (see IsRemote).
    private readonly Domain? _domain;

    internal DomainActorRef(IActorRef actorRef, Domain domain, CopyPolicy? copyPolicy, RuntimeActors actors)
    {
        ActorRef = actorRef;
        _domain = domain;
        DomainId = domain.Id;
        DomainName = domain.Name;
        _copyPolicy = copyPolicy;
        _actors = actors;
    }

    /// <summary>
    /// The raw Akka.NET reference, for Akka's own patterns (Watch, routers, PipeTo to the raw actor).
    /// Messages sent through it are not marshalled: send only plain shareable values that way.
    /// </summary>
    public IActorRef ActorRef { get; }

    /// <summary>The domain the actor runs in, when it runs on this node.</summary>
    /// <exception cref="InvalidOperationException">The actor runs on another node (<see cref="IsRemote"/>): its
    /// domain exists only there; use <see cref="DomainId"/>, <see cref="DomainName"/> and <see cref="Node"/>.</exception>
    public Domain Domain => _domain ?? throw new InvalidOperationException(
        $"The actor {ActorRef.Path} runs in domain '{DomainName}' (#{DomainId}) on node {Node}, not on this node; its Domain object exists only there. Check IsRemote and use DomainId, DomainName and Node.");

    /// <summary>The actor's path.</summary>
    public ActorPath Path => ActorRef.Path;

    /// <summary>What happens to unshareable values sent to this actor: its own policy, or the runtime's.</summary>
    public CopyPolicy CopyPolicy => _copyPolicy ?? _actors.CopyPolicy;

    /// <summary>
    /// The <see cref="DomainActorRef"/> of an actor placed in a domain, from its raw reference (for
    /// instance <c>Sender</c> inside an actor), or null when <paramref name="actor"/> is not such an actor.
    /// </summary>
    public static DomainActorRef? Of(DomainRuntime runtime, IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(actor);
        return RuntimeActors.For(runtime).Find(actor);
    }

    /// <summary>
    /// Sends <paramref name="message"/> to the actor, marshalled for its domain. Any thread. Without a
    /// <paramref name="sender"/>, the calling actor (if any) is the sender, as with Akka's Tell.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="NotShareableException">Something in the message cannot cross; nothing was sent.</exception>
    /// <exception cref="WrongDomainException">The message holds a buffer or proxy that does not belong to the calling domain.</exception>
    /// <exception cref="Cluster.WireLimitException">To an actor on another node: the message cannot travel within the wire's limits
    /// (a path, its body or its buffer count); nothing was sent and its borrows were given back.</exception>
    public void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        sender ??= InternalCurrentActorCellKeeper.Current?.Self ?? ActorRefs.NoSender!;
        if (_domain is null)
        {
            TellRemote(message, sender);
            return;
        }
        var from = Domain.Current;
        if (from != Domain)
        {
            var type = message.GetType();
            var plan = _lastPlan;
            if (plan is null || !ReferenceEquals(plan.Type, type)) _lastPlan = plan = PlanCache.For(type);
            if (!plan.IsPass)
            {
                TellMarshalled(message, plan, from, sender);
                return;
            }
        }
        ActorRef.Tell(message, sender);
    }

    /// <summary>Sends <paramref name="message"/> on with the current message's original sender. Inside an actor.</summary>
    /// <exception cref="NotShareableException">Something in the message cannot cross; nothing was sent.</exception>
    public void Forward(object message) => Tell(message, InternalCurrentActorCellKeeper.Current?.Sender ?? ActorRefs.NoSender);

    /// <summary>
    /// Sends <paramref name="message"/> and waits for the answer, like Akka's Ask. The answer is marshalled
    /// on the replier's thread for the asking domain and opened on the asker's thread: a buffer in it
    /// arrives as a proxy owned by the asker (awaiting from outside every domain, only answers without
    /// buffers can arrive). An answer of <see cref="Status.Failure"/> faults the task with its cause.
    /// To an actor on another node (<see cref="IsRemote"/>) the question and the answer travel as Tells
    /// do, buffers included, through the exchanges of both nodes (see <see cref="Cluster.ClusterExchange"/>).
    /// </summary>
    /// <param name="message">The question.</param>
    /// <param name="timeout">How long to wait; Akka's <c>akka.actor.ask-timeout</c> when null (infinite by default).</param>
    /// <param name="cancellationToken">Cancels the wait (the task is cancelled).</param>
    /// <exception cref="NotShareableException">Something in the question cannot cross (thrown at the call; nothing was sent).</exception>
    /// <exception cref="Cluster.WireLimitException">To an actor on another node: the question cannot travel within the wire's limits (thrown at the call; nothing was sent).</exception>
    /// <exception cref="Cluster.RemoteDeliveryException">(In the task) to an actor on another node: the question was dropped on the way because the
    /// wire could not carry it (that node refused one of its buffers), reported at once rather than at the timeout.</exception>
    /// <exception cref="DomainClosedException">(In the task) the actor's domain is closing or closed, or closed before answering; or its node left the cluster before answering.</exception>
    /// <exception cref="AskTimeoutException">(In the task) no answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="ObjectDisposedException">(In the task) to an actor on another node: this node's <see cref="Cluster.ClusterExchange"/> stopped before the answer came.</exception>
    /// <exception cref="InvalidCastException">(In the task) the answer is not a <typeparamref name="T"/>.</exception>
    public Task<T> Ask<T>(object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_domain is null) return AskRemote<T>(message, timeout, cancellationToken);
        if (Domain.State != DomainState.Running) return Task.FromException<T>(DomainActors.Closed(Domain, "answer"));
        var asker = Domain.Current;
        var reply = new AskReplyRef(asker, _actors);
        var wire = message;
        if (asker != Domain)
        {
            var plan = PlanCache.For(message.GetType());
            if (!plan.IsPass) wire = OutboundWalk.Run(message, plan, asker, Domain, 0, CopyPolicy, _actors);
        }
        var asks = DomainActors.For(Domain);
        asks.AddAsk(reply);
        if (Domain.State != DomainState.Running)
        {
            // Closed while the question was prepared: its close may have missed this Ask.
            asks.RemoveAsk(reply);
            (wire as MarshalledMessage)?.GiveBack();
            return Task.FromException<T>(DomainActors.Closed(Domain, "answer"));
        }
        ActorRef.Tell(wire, reply);
        return AwaitAnswer<T>(reply, asks.RemoveAsk, asker, timeout, cancellationToken);
    }

    /// <summary>Waits for <paramref name="reply"/>'s answer and opens it on the asker's thread; <paramref name="done"/> runs once the wait ends.</summary>
    private async Task<T> AwaitAnswer<T>(AskReplyRef reply, Action<AskReplyRef> done, Domain? asker, TimeSpan? wait, CancellationToken cancellationToken)
    {
        var timeout = wait ?? _actors.Runtime.System.Settings.AskTimeout;
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

    private void TellMarshalled(object message, TypePlan plan, Domain? from, IActorRef sender)
    {
        if (Domain.State == DomainState.Running)
        {
            object wire;
            try
            {
                wire = OutboundWalk.Run(message, plan, from, Domain, 0, CopyPolicy, _actors);
            }
            catch (DomainClosedException) when (Domain.State != DomainState.Running)
            {
                // The target began closing while its buffers were lent (the walk gave them back): as below.
                DeadLetter(message, sender);
                return;
            }
            ActorRef.Tell(wire, sender);
            return;
        }
        DeadLetter(message, sender);
    }

    // A domain that is not running takes no new borrows: the message goes to dead letters as it is, with
    // nothing lent, so nothing needs to come back.
    private void DeadLetter(object message, IActorRef sender)
    {
        RuntimeActors.Count(ref _actors.MessagesDeadLettered);
        _actors.Runtime.System.DeadLetters.Tell(new DeadLetter(message, sender, ActorRef), sender);
    }

    void ICanTell.Tell(object message, IActorRef sender) => Tell(message, sender);

    /// <inheritdoc />
    public bool Equals(DomainActorRef? other) => other is not null && ActorRef.Equals(other.ActorRef);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DomainActorRef);

    /// <inheritdoc />
    public override int GetHashCode() => ActorRef.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => _domain is null
        ? $"{ActorRef.Path} in domain '{DomainName}' (#{DomainId}) on node {Node}"
        : $"{ActorRef.Path} in domain '{DomainName}'";
}
