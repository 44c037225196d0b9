using ActorInterp.Domains;
using Akka.Actor;

namespace ActorInterp.Actors;

/// <summary>Creates domain runtimes configured for the Actors layer (HOCON or code).</summary>
[Obsolete("Make a runtime with new DomainRuntime(system, options) (or DomainRuntime.Create): a runtime made without a layer's settings reads them from the system's actorinterp HOCON section; set a copy policy in code with runtime.SetCopyPolicy. With a host, use the hosting package.")]
public static class ActorInterpRuntime
{
    /// <summary>
    /// Creates a <see cref="DomainRuntime"/> over <paramref name="system"/> (which the caller keeps owning),
    /// with options read from the system's <c>actorinterp</c> HOCON section, then replaced by what
    /// <paramref name="configure"/> makes of them (e.g. <c>o =&gt; o with { CopyPolicy = CopyPolicy.Copy }</c>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> is null, or <paramref name="configure"/> returned null.</exception>
    /// <exception cref="Akka.Configuration.ConfigurationException">The HOCON section has a bad value.</exception>
    public static DomainRuntime Create(ActorSystem system, Func<ActorInterpOptions, ActorInterpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        return ActorInterpOptions.CreateRuntime(system, configure);
    }

    /// <summary>Creates a <see cref="DomainRuntime"/> over <paramref name="system"/> with <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> or <paramref name="options"/> is null.</exception>
    public static DomainRuntime Create(ActorSystem system, ActorInterpOptions options)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        return options.CreateRuntime(system);
    }
}
