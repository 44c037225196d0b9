using ActorInterp.Domains;
using Akka.Actor;

namespace ActorInterp.Domains.Tests.Support;

/// <summary>A domain message that tells <paramref name="observer"/> each time it is run or handled as dropped.</summary>
internal sealed class DropProbe(IActorRef observer) : DomainMessage
{
    internal override void Run(Domain domain) => observer.Tell("ran");

    internal override void OnDropped() => observer.Tell("dropped");
}
