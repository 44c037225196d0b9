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
    /// <param name="configure">Adjusts the options after HOCON was read; may be null.</param>
    public ActorInterpSetup(Action<ActorInterpOptions>? configure) => Configure = configure;

    /// <summary>Adjusts the options after HOCON was read; may be null.</summary>
    public Action<ActorInterpOptions>? Configure { get; }
}
