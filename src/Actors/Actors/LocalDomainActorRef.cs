using ActorInterp.Domains;
using Akka.Actor;
using Akka.Event;

namespace ActorInterp.Actors;

/// <summary>
/// A reference to an actor placed in a domain of this node: messages are marshalled on the sender's thread
/// and told to the actor's mailbox, which opens them on the domain's thread.
/// </summary>
internal sealed class LocalDomainActorRef : DomainActorRef
{
    private readonly Domain _domain;

    internal LocalDomainActorRef(IActorRef actorRef, Domain domain, CopyPolicy? copyPolicy, RuntimeActors actors)
        : base(actorRef, domain.Id, domain.Name, copyPolicy, actors) =>
        _domain = domain;

    public override Domain Domain => _domain;

    public override Address Node => ((ExtendedActorSystem)Actors.Runtime.System).Provider.DefaultAddress;

    internal override void TellCore(object message, IActorRef sender)
    {
        var from = Domain.Current;
        if (from != _domain)
        {
            var plan = PlanCache.For(message.GetType());
            if (!plan.IsPass)
            {
                TellMarshalled(message, plan, from, sender);
                return;
            }
            // Further messages of this type skip even this look-up (see DomainActorRef.Tell).
            PassType = plan.Type;
        }
        ActorRef.Tell(message, sender);
    }

    internal override Task<T> AskCore<T>(object message, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (_domain.State != DomainState.Running) return Task.FromException<T>(DomainActors.Closed(_domain, "answer"));
        var asker = Domain.Current;
        var reply = new AskReplyRef(asker, Actors);
        var wire = message;
        if (asker != _domain)
        {
            var plan = PlanCache.For(message.GetType());
            if (!plan.IsPass) wire = Marshaller.Prepare(message, asker, MarshalTarget.ToDomain(_domain, CopyPolicy, Actors), plan);
        }
        var asks = DomainActors.For(_domain);
        asks.AddAsk(reply);
        if (_domain.State != DomainState.Running)
        {
            // Closed while the question was prepared: its close may have missed this Ask.
            asks.RemoveAsk(reply);
            (wire as MarshalledMessage)?.GiveBack();
            return Task.FromException<T>(DomainActors.Closed(_domain, "answer"));
        }
        ActorRef.Tell(wire, reply);
        return AwaitAnswer<T>(reply, asks.RemoveAsk, asker, timeout, cancellationToken);
    }

    private void TellMarshalled(object message, TypePlan plan, Domain? from, IActorRef sender)
    {
        if (_domain.State == DomainState.Running)
        {
            object wire;
            try
            {
                wire = Marshaller.Prepare(message, from, MarshalTarget.ToDomain(_domain, CopyPolicy, Actors), plan);
            }
            catch (DomainClosedException) when (_domain.State != DomainState.Running)
            {
                // The target began closing while its buffers were lent (the marshaller gave them back): as below.
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
        RuntimeActors.Count(ref Actors.MessagesDeadLettered);
        Actors.Runtime.System.DeadLetters.Tell(new DeadLetter(message, sender, ActorRef), sender);
    }

    public override string ToString() => $"{ActorRef.Path} in domain '{DomainName}'";
}
