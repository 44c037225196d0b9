using System.Diagnostics;
using Akka.Actor;

namespace ActorInterp.Domains;

/// <summary>
/// The actor that is a domain. It runs on the domain's one-thread dispatcher; the domain's pending calls,
/// protocol messages and DeathWatch notices all run here, in turns.
/// </summary>
internal sealed class DomainActor : ActorBase
{
    private readonly Domain _domain;

    public DomainActor(Domain domain) => _domain = domain;

    // The domain reads its mailbox's depth for its stats: the queue is the one the mailbox type made for this actor.
    protected override void PreStart() => _domain.OnActorStarted(Context, (Context as ActorCell)?.Mailbox?.MessageQueue as DomainMessageQueue);

    protected override bool Receive(object message)
    {
        Debug.Assert(Domain.Current == _domain, "a domain's actor must run on the domain's own thread");
        _domain.InOwnTurn = true;
        try
        {
            switch (message)
            {
                case DomainMessage work:
                    work.Run(_domain);
                    break;
                case Terminated terminated:
                    _domain.OnWatchedTerminated(terminated.ActorRef);
                    break;
                default:
                    return false;
            }
        }
        finally
        {
            _domain.InOwnTurn = false;
        }
        _domain.OnTurnEnd();
        return true;
    }

    protected override void PostStop() => _domain.OnActorStopped();

    // The default would stop children and run PostStop; a crash is handled whole in PostRestart instead.
    protected override void PreRestart(Exception reason, object message) { }

    // A domain does not come back after a failure of its own actor: like a crashed interpreter it is gone,
    // and the domains it held anything of take it back through DeathWatch.
    protected override void PostRestart(Exception reason)
    {
        _domain.OnActorStarted(Context, queue: null);
        _domain.OnCrashed(reason);
        Context.Stop(Self);
    }
}
