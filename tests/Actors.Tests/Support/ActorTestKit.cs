using ActorInterp.Domains;
using ActorInterp.TestSupport;
using Akka.Actor;
using Akka.Configuration;

namespace ActorInterp.Actors.Tests.Support;

/// <summary>The shared <see cref="DomainTestKit"/> with what needs the Actors layer: actors placed in domains that report to the test actor.</summary>
public abstract class ActorTestKit(Config? config = null) : DomainTestKit(config)
{
    /// <summary>An actor whose every message runs <paramref name="handle"/> on its thread; a non-null result goes to the test actor.</summary>
    protected DomainActorRef Place(Domain domain, Func<object, object?> handle, string? name = null, CopyPolicy? copyPolicy = null) =>
        domain.ActorOf(Props.Create(() => new FuncActor(handle, TestActor)), name, copyPolicy);
}
