using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorInterp.Domains;

/// <summary>
/// The mailbox type of domain actors (configured as <c>actorinterp.domain-mailbox</c>). It hands each new
/// queue to the domain that will own it, which reads its depth for <see cref="DomainStats.MailboxDepth"/>.
/// </summary>
internal sealed class DomainMailboxType : MailboxType, IProducesMessageQueue<DomainMessageQueue>
{
    internal const string ConfigPath = "actorinterp.domain-mailbox";

    private static readonly ConcurrentDictionary<IActorRef, DomainMessageQueue> s_created = new();

    public DomainMailboxType(Settings settings, Config config) : base(settings, config) { }

    public override IMessageQueue Create(IActorRef owner, ActorSystem system)
    {
        var queue = new DomainMessageQueue();
        if (owner is not null) s_created[owner] = queue;
        return queue;
    }

    /// <summary>Takes the queue made for <paramref name="owner"/>; called once by the domain actor as it starts.</summary>
    internal static DomainMessageQueue? Claim(IActorRef owner) =>
        s_created.TryRemove(owner, out var queue) ? queue : null;

    internal static Config DefaultConfig => ConfigurationFactory.ParseString(
        $"{ConfigPath} {{ mailbox-type = \"{typeof(DomainMailboxType).AssemblyQualifiedName}\" }}");
}
