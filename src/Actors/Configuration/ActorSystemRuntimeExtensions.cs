using ActorInterp.Domains;
using Akka.Actor;

namespace ActorInterp.Actors;

/// <summary>The way to make a domain runtime for an actor system: the system's own, one per system.</summary>
public static class ActorSystemRuntimeExtensions
{
    /// <summary>
    /// The <see cref="DomainRuntime"/> of <paramref name="system"/>, created on first use from the system's
    /// <c>actorinterp</c> HOCON section (and its <see cref="ActorInterpSetup"/>, if any). Any thread.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> is null.</exception>
    public static DomainRuntime GetDomainRuntime(this ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.WithExtension<ActorInterpExtension, ActorInterpExtensionId>().Runtime;
    }
}
