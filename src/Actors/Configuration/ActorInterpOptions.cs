using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;
using Akka.Configuration;

namespace ActorInterp.Actors;

/// <summary>
/// Settings of a runtime built with <see cref="ActorInterpRuntime"/> or through Akka.Hosting: the
/// <see cref="DomainRuntimeOptions"/> (with the Sharing layer's settings in their
/// <see cref="DomainRuntimeOptions.Layers"/>) plus the Actors layer's copy policy. Immutable, and checked as
/// they are set; change a copy with <c>with</c>. Read from HOCON with <see cref="FromConfig"/>:
/// <code>
/// actorinterp {
///   close-timeout = 30s          # DomainRuntimeOptions.DefaultCloseTimeout
///   copy-policy = refuse         # refuse | copy
///   leak-tracking = off          # SharingOptions.TrackLeakSites
///   coalesce-returns = on        # SharingOptions.CoalesceReturns
/// }
/// </code>
/// </summary>
public sealed record ActorInterpOptions
{
    /// <summary>The HOCON path of the section these options are read from.</summary>
    public const string ConfigSection = "actorinterp";

    private readonly DomainRuntimeOptions _runtime = new();
    private readonly CopyPolicy _copyPolicy = CopyPolicy.Refuse;

    /// <summary>The defaults, as HOCON.</summary>
    public static Config DefaultConfig { get; } = ConfigurationFactory.ParseString("""
        actorinterp {
          close-timeout = 30s
          copy-policy = refuse
          leak-tracking = off
          coalesce-returns = on
        }
        """);

    /// <summary>
    /// The domain runtime's settings, the Sharing layer's among them (<c>Runtime.Sharing</c>; change them with
    /// <c>o with { Runtime = o.Runtime.WithSharing(s =&gt; s with { ... }) }</c>).
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public DomainRuntimeOptions Runtime
    {
        get => _runtime;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Runtime));
            _runtime = value;
        }
    }

    /// <summary>What happens to unshareable values sent across domains, unless an actor has its own policy. Default <see cref="Actors.CopyPolicy.Refuse"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not a <see cref="Actors.CopyPolicy"/>.</exception>
    public CopyPolicy CopyPolicy
    {
        get => _copyPolicy;
        init
        {
            if (!Enum.IsDefined(value))
                throw new ArgumentOutOfRangeException(nameof(CopyPolicy), value, $"CopyPolicy must be {CopyPolicy.Refuse} or {CopyPolicy.Copy}.");
            _copyPolicy = value;
        }
    }

    /// <summary>
    /// Reads the <c>actorinterp</c> section of <paramref name="config"/> (missing keys take their defaults).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="ConfigurationException">A key has a value it cannot take (the message names the key).</exception>
    public static ActorInterpOptions FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        // Each layer reads its own keys, as it does for a runtime created without options in code.
        var copyPolicy = config.HasPath($"{ConfigSection}.copy-policy") ? config.GetString($"{ConfigSection}.copy-policy") : null;
        return new ActorInterpOptions
        {
            Runtime = DomainRuntimeOptions.FromConfig(config).WithLayer(SharingOptions.FromConfig(config)),
            CopyPolicy = ParseCopyPolicy(copyPolicy),
        };
    }

    internal static CopyPolicy ParseCopyPolicy(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "refuse" or null or "" => CopyPolicy.Refuse,
        "copy" => CopyPolicy.Copy,
        _ => throw new ConfigurationException($"{ConfigSection}.copy-policy must be 'refuse' or 'copy' (got '{value}')."),
    };

    /// <summary>A runtime over <paramref name="system"/> with the system's HOCON, then what <paramref name="configure"/> makes of it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> returned null.</exception>
    internal static DomainRuntime CreateRuntime(ActorSystem system, Func<ActorInterpOptions, ActorInterpOptions>? configure)
    {
        var options = FromConfig(system.Settings.Config);
        if (configure is not null)
            options = configure(options) ?? throw new ArgumentNullException(nameof(configure), "The configure function returned null; return the options (changed with 'with').");
        return options.CreateRuntime(system);
    }

    /// <summary>A runtime over <paramref name="system"/> with these options.</summary>
    internal DomainRuntime CreateRuntime(ActorSystem system)
    {
        var runtime = new DomainRuntime(system, Runtime);
        RuntimeActors.For(runtime).CopyPolicy = CopyPolicy;
        return runtime;
    }
}
