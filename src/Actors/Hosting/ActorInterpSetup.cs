using Akka.Actor.Setup;

namespace ActorInterp.Actors;

/// <summary>
/// Carries code-side ActorInterp options into an actor system (added by
/// <see cref="ActorInterpHostingExtensions.WithActorInterp"/>); the system's runtime applies them after
/// reading the <c>actorinterp</c> HOCON section.
/// </summary>
public sealed class ActorInterpSetup : Setup
{
    /// <summary>Creates the setup.</summary>
    /// <param name="configure">Makes the options to use from those read from HOCON; may be null.</param>
    public ActorInterpSetup(Func<ActorInterpOptions, ActorInterpOptions>? configure) => Configure = configure;

    /// <summary>Makes the options to use from those read from HOCON; may be null.</summary>
    public Func<ActorInterpOptions, ActorInterpOptions>? Configure { get; }
}
