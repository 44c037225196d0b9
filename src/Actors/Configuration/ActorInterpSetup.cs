using Akka.Actor.Setup;

namespace ActorInterp.Actors;

/// <summary>
/// Carries code-side ActorInterp options into an actor system (pass it with the system's
/// <c>BootstrapSetup</c>, or let the hosting package's <c>WithActorInterp</c> add it); the system's runtime
/// (<see cref="ActorInterpExtension"/>) applies them after reading the <c>actorinterp</c> HOCON section.
/// </summary>
public sealed class ActorInterpSetup : Setup
{
    /// <summary>Creates the setup.</summary>
    /// <param name="configure">Makes the options to use from those read from HOCON; may be null.</param>
    public ActorInterpSetup(Func<ActorInterpOptions, ActorInterpOptions>? configure) => Configure = configure;

    /// <summary>Makes the options to use from those read from HOCON; may be null.</summary>
    public Func<ActorInterpOptions, ActorInterpOptions>? Configure { get; }
}
