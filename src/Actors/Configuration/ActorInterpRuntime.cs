using ActorInterp.Domains;
using Akka.Actor;

namespace ActorInterp.Actors;

/// <summary>Creates domain runtimes configured for the Actors layer (HOCON or code).</summary>
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
        var options = ActorInterpOptions.FromConfig(system.Settings.Config);
        if (configure is not null)
            options = configure(options) ?? throw new ArgumentNullException(nameof(configure), "The configure function returned null; return the options (changed with 'with').");
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
