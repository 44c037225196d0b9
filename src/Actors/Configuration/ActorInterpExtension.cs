using ActorInterp.Domains;
using Akka;
using Akka.Actor;

namespace ActorInterp.Actors;

/// <summary>
/// The actor system's own <see cref="DomainRuntime"/> (an Akka extension): created on first use with the
/// options of the system's <c>actorinterp</c> HOCON section and its <see cref="ActorInterpSetup"/>, and
/// shut down (its domains drained) during the system's coordinated shutdown, before the system terminates.
/// </summary>
public sealed class ActorInterpExtension : IExtension
{
    internal ActorInterpExtension(ExtendedActorSystem system)
    {
        var setup = system.Settings.Setup.Get<ActorInterpSetup>();
        Runtime = ActorInterpOptions.CreateRuntime(system, setup.HasValue ? setup.Value.Configure : null);
        var runtime = Runtime;
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "actorinterp-shutdown", async () =>
        {
            await runtime.ShutdownAsync().ConfigureAwait(false);
            return Done.Instance;
        });
    }

    /// <summary>The system's runtime.</summary>
    public DomainRuntime Runtime { get; }
}

/// <summary>The id of <see cref="ActorInterpExtension"/>.</summary>
public sealed class ActorInterpExtensionId : ExtensionIdProvider<ActorInterpExtension>
{
    /// <inheritdoc />
    public override ActorInterpExtension CreateExtension(ExtendedActorSystem system) => new(system);
}
