using System.Collections.Concurrent;
using ActorInterp.Actors;
using ActorInterp.Domains;
using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>
/// The Asks from this node to domain actors on other nodes still waiting for their answers, with whom they
/// asked: each fails when that node leaves the cluster, or when the exchange stops, rather than waiting for ever.
/// Thread-safe.
/// </summary>
internal sealed class RemoteAsks(DomainRuntime runtime)
{
    private readonly ConcurrentDictionary<AskReplyRef, DomainActorRef> _waiting = new();
    private long _nextAsk;

    private IActorRefProvider Provider => ((ExtendedActorSystem)runtime.System).Provider;

    /// <summary>
    /// The temporary actor an Ask to <paramref name="target"/> on another node is answered to: registered
    /// under a name the answering node reads (<see cref="RemoteAskNames"/>), so that an answer with buffers
    /// comes back through the exchanges. End it with <see cref="End"/>.
    /// </summary>
    internal AskReplyRef Begin(Domain? asker, DomainActorRef target)
    {
        var provider = Provider;
        var path = provider.TempContainer.Path / RemoteAskNames.For(asker?.Id, Interlocked.Increment(ref _nextAsk));
        var reply = new AskReplyRef(asker, RuntimeActors.For(runtime), path);
        provider.RegisterTempActor(reply, path);
        _waiting[reply] = target;
        return reply;
    }

    /// <summary>Ends the wait of an Ask begun with <see cref="Begin"/>: later answers find nobody and give their borrows back.</summary>
    internal void End(AskReplyRef reply)
    {
        if (_waiting.TryRemove(reply, out _)) Provider.UnregisterTempActor(reply.Path);
    }

    /// <summary>Fails the Asks waiting for an answer from <paramref name="node"/>, which left the cluster.</summary>
    internal void FailAsksTo(Address node)
    {
        foreach (var (reply, target) in _waiting)
        {
            if (target.Node == node)
                reply.Fail(new DomainClosedException(target.DomainName,
                    $"{target} cannot answer: its node {node} left the cluster before the answer came. Ask again elsewhere, or treat the question as unanswered."));
        }
    }

    /// <summary>Fails every Ask still waiting: no answer can come through the stopped exchange of <paramref name="self"/>.</summary>
    internal void FailAll(Address self)
    {
        foreach (var (reply, target) in _waiting)
            reply.Fail(new ObjectDisposedException(nameof(ClusterExchange), $"The buffer exchange of {self} stopped before {target} answered."));
    }
}
