using ActorInterp.Actors;
using ActorInterp.Domains;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ActorInterp.Hosting;

/// <summary>
/// Akka.Hosting integration:
/// <code>
/// services.AddAkka("app", akka => akka.WithActorInterp(o => o with { CopyPolicy = CopyPolicy.Copy }));
/// services.AddActorInterp();   // DomainRuntime from DI
/// </code>
/// </summary>
/// <remarks>
/// Two calls, because Akka.Hosting 1.5 runs the <c>AddAkka</c> callback only when the actor system is
/// built, after the service collection has become read-only: a builder extension cannot add a service.
/// </remarks>
public static class ActorInterpHostingExtensions
{
    /// <summary>
    /// Adds ActorInterp to an Akka.Hosting actor system: the <c>actorinterp</c> HOCON defaults (as a
    /// fallback), <paramref name="configure"/> (given the options read from HOCON, it returns the ones to use), and the system's
    /// <see cref="DomainRuntime"/>, created as the system starts and drained during its coordinated shutdown.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static AkkaConfigurationBuilder WithActorInterp(this AkkaConfigurationBuilder builder, Func<ActorInterpOptions, ActorInterpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddHocon(ActorInterpOptions.DefaultConfig, HoconAddMode.Append);
        builder.AddSetup(new ActorInterpSetup(configure));
        builder.AddStartup((system, _) => system.GetDomainRuntime());
        return builder;
    }

    /// <summary>
    /// Registers the hosted actor system's <see cref="DomainRuntime"/> (see <see cref="WithActorInterp"/>; it is
    /// <see cref="ActorSystemRuntimeExtensions.GetDomainRuntime"/>)
    /// as a singleton service.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddActorInterp(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddSingleton(provider => provider.GetRequiredService<ActorSystem>().GetDomainRuntime());
    }
}
