using System.Reflection;
using ActorInterp.Domains;
using Akka;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ActorInterp.Actors;

/// <summary>Akka.Hosting integration: <c>services.AddAkka("name", b => b.WithActorInterp())</c>.</summary>
public static class ActorInterpHostingExtensions
{
    /// <summary>
    /// Adds ActorInterp to an Akka.Hosting actor system: the <c>actorinterp</c> HOCON defaults are added as a
    /// fallback, and a <see cref="DomainRuntime"/> over the hosted actor system is registered as a singleton
    /// in the service collection. Its options are read from the system's <c>actorinterp</c> HOCON section,
    /// then adjusted by <paramref name="configure"/>. The runtime closes its domains (draining them) during
    /// the actor system's coordinated shutdown, before the system terminates.
    /// </summary>
    /// <param name="builder">The Akka.Hosting builder.</param>
    /// <param name="configure">Adjusts the options after HOCON was read; optional.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static AkkaConfigurationBuilder WithActorInterp(this AkkaConfigurationBuilder builder, Action<ActorInterpOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddHocon(ActorInterpOptions.DefaultConfig, HoconAddMode.Append);
        Services(builder).AddSingleton(provider =>
        {
            var system = provider.GetRequiredService<ActorSystem>();
            var runtime = ActorInterpRuntime.Create(system, configure);
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "actorinterp-shutdown", async () =>
            {
                await runtime.ShutdownAsync().ConfigureAwait(false);
                return Done.Instance;
            });
            return runtime;
        });
        return builder;
    }

    // Akka.Hosting 1.5 keeps the builder's service collection internal, and offers no public way to add a
    // service from a builder extension; the field is read here so that the documented one-liner works.
    private static readonly FieldInfo? s_services =
        typeof(AkkaConfigurationBuilder).GetField("ServiceCollection", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

    private static IServiceCollection Services(AkkaConfigurationBuilder builder) =>
        s_services?.GetValue(builder) as IServiceCollection
        ?? throw new InvalidOperationException(
            "This version of Akka.Hosting does not expose the builder's service collection; register the runtime yourself: " +
            "services.AddSingleton(sp => ActorInterpRuntime.Create(sp.GetRequiredService<ActorSystem>())).");
}
