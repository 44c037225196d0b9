using ActorInterp.Domains;
using Akka.Actor;

namespace ActorInterp.Actors;

/// <summary>Creates domain runtimes configured for the Actors layer (HOCON or code).</summary>
public static class ActorInterpRuntime
{
    /// <summary>
    /// Creates a <see cref="DomainRuntime"/> over <paramref name="system"/> (which the caller keeps owning),
    /// with options read from the system's <c>actorinterp</c> HOCON section, then adjusted by
    /// <paramref name="configure"/>.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> is null.</exception>
    /// <exception cref="Akka.Configuration.ConfigurationException">The HOCON section has a bad value.</exception>
    public static DomainRuntime Create(ActorSystem system, Action<ActorInterpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        var options = ActorInterpOptions.FromConfig(system.Settings.Config);
        configure?.Invoke(options);
        return Create(system, options);
    }

    /// <summary>Creates a <see cref="DomainRuntime"/> over <paramref name="system"/> with <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> or <paramref name="options"/> is null.</exception>
    public static DomainRuntime Create(ActorSystem system, ActorInterpOptions options)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        var runtime = new DomainRuntime(system, options.Runtime);
        RuntimeActors.For(runtime).CopyPolicy = options.CopyPolicy;
        return runtime;
    }
}
