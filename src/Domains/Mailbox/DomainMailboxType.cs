using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorInterp.Domains;

/// <summary>
/// The mailbox type of domain actors (configured as <c>actorinterp.domain-mailbox</c>): a queue whose depth the
/// domain reads for <see cref="DomainStats.MailboxDepth"/> (the domain actor finds it through its own mailbox).
/// </summary>
internal sealed class DomainMailboxType : MailboxType, IProducesMessageQueue<DomainMessageQueue>
{
    internal const string ConfigPath = "actorinterp.domain-mailbox";

    public DomainMailboxType(Settings settings, Config config) : base(settings, config) { }

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new DomainMessageQueue();

    internal static Config DefaultConfig => ConfigurationFactory.ParseString(
        $"{ConfigPath} {{ mailbox-type = \"{typeof(DomainMailboxType).AssemblyQualifiedName}\" }}");
}
