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
    /// <param name="configure">Adjusts the options after HOCON was read; may be null.</param>
    public ActorInterpSetup(Action<ActorInterpOptions>? configure) => Configure = configure;

    /// <summary>Adjusts the options after HOCON was read; may be null.</summary>
    public Action<ActorInterpOptions>? Configure { get; }
}
