using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorInterp.Actors;

/// <summary>
/// The mailbox of actors placed in domains (configured as <c>actorinterp.actor-mailbox</c>). Its queue
/// opens marshalled messages as they are taken out, which happens on the dispatcher's thread (the
/// domain's thread) right before the actor's Receive: the actor sees proxies it owns, and messages
/// without buffers pay one type test.
/// </summary>
internal sealed class DomainActorMailboxType : MailboxType, IProducesMessageQueue<DomainActorMessageQueue>
{
    internal const string ConfigPath = "actorinterp.actor-mailbox";

    public DomainActorMailboxType(Settings settings, Config config) : base(settings, config) { }

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new DomainActorMessageQueue(owner, system);

    internal static Config DefaultConfig => ConfigurationFactory.ParseString(
        $"{ConfigPath} {{ mailbox-type = \"{typeof(DomainActorMailboxType).AssemblyQualifiedName}\" }}");
}
