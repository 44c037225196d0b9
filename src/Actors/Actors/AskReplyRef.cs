using ActorInterp.Domains;
using Akka.Actor;

namespace ActorInterp.Actors;

/// <summary>
/// The temporary sender of a <see cref="DomainActorRef.Ask{T}"/>. Its Tell runs on the replier's thread,
/// so the reply is marshalled there, like any Tell, for the asking domain: a reply with buffers lends them
/// to the asker, and the asker opens them on its own thread when it resumes.
/// </summary>
internal sealed class AskReplyRef : MinimalActorRef
{
    private readonly TaskCompletionSource<object> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Domain? _asker;
    private readonly RuntimeActors _actors;

    /// <param name="asker">The asking domain; null outside every domain.</param>
    /// <param name="actors">The runtime's actor registry.</param>
    /// <param name="path">The path to register it under, when answers come from another node; a fresh temporary path otherwise.</param>
    internal AskReplyRef(Domain? asker, RuntimeActors actors, ActorPath? path = null)
    {
        _asker = asker;
        _actors = actors;
        var provider = ((ExtendedActorSystem)actors.Runtime.System).Provider;
        Provider = provider;
        Path = path ?? provider.TempPath();
    }

    /// <summary>The asking domain; null outside every domain.</summary>
    internal Domain? Asker => _asker;

    public override ActorPath Path { get; }

    public override IActorRefProvider Provider { get; }

    internal Task<object> Task => _reply.Task;

    internal void Fail(Exception ex) => _reply.TrySetException(ex);

    internal void Cancel(CancellationToken token) => _reply.TrySetCanceled(token);

    protected override void TellInternal(object message, IActorRef sender) => TryAnswer(message);

    /// <summary>
    /// Answers the Ask with <paramref name="message"/>, marshalled for the asker on the calling thread. False
    /// when the Ask no longer waits (timed out or cancelled): nothing of the message was lent, and the caller
    /// still holds what it holds.
    /// </summary>
    /// <exception cref="NotShareableException">The answer cannot cross to the asker (the Ask fails with it too).</exception>
    internal bool TryAnswer(object message)
    {
        if (message is Status.Failure failure) return _reply.TrySetException(failure.Cause);
        if (_reply.Task.IsCompleted)
        {
            (message as MarshalledMessage)?.GiveBack(); // timed out or cancelled: nothing is lent for a reply nobody reads
            return false;
        }
        object wire = message;
        var from = Domain.Current;
        // An answer from another node, built by this node's exchange, arrives lent to the asker already.
        if (message is not null && from != _asker && !(message is MarshalledMessage arrived && arrived.Target == _asker))
        {
            var plan = PlanCache.For(message.GetType());
            if (!plan.IsPass)
            {
                try
                {
                    wire = Marshaller.Prepare(message, from, MarshalTarget.ToDomain(_asker, _actors.CopyPolicy, _actors), plan);
                }
                catch (Exception ex)
                {
                    // The asker learns why no answer comes; the replier's Tell fails as any refused Tell does.
                    _reply.TrySetException(ex);
                    throw;
                }
            }
        }
        if (_reply.TrySetResult(wire!)) return true;
        (wire as MarshalledMessage)?.GiveBack();
        return false;
    }
}
