using ActorInterp.Domains;
using Akka.Configuration;

namespace ActorInterp.Actors;

/// <summary>
/// Settings of a runtime built with <see cref="ActorInterpRuntime"/> or through Akka.Hosting: the
/// <see cref="DomainRuntimeOptions"/> plus the Actors layer's copy policy. Read from HOCON with
/// <see cref="FromConfig"/>:
/// <code>
/// actorinterp {
///   close-timeout = 30s          # DomainRuntimeOptions.DefaultCloseTimeout
///   copy-policy = refuse         # refuse | copy
///   leak-tracking = off          # DomainRuntimeOptions.TrackLeakSites
///   coalesce-returns = on        # DomainRuntimeOptions.CoalesceReturns
/// }
/// </code>
/// </summary>
public sealed class ActorInterpOptions
{
    /// <summary>The HOCON path of the section these options are read from.</summary>
    public const string ConfigSection = "actorinterp";

    /// <summary>The defaults, as HOCON.</summary>
    public static Config DefaultConfig { get; } = ConfigurationFactory.ParseString("""
        actorinterp {
          close-timeout = 30s
          copy-policy = refuse
          leak-tracking = off
          coalesce-returns = on
        }
        """);

    /// <summary>The domain runtime's settings.</summary>
    public DomainRuntimeOptions Runtime { get; set; } = new();

    /// <summary>What happens to unshareable values sent across domains, unless an actor has its own policy. Default <see cref="Actors.CopyPolicy.Refuse"/>.</summary>
    public CopyPolicy CopyPolicy { get; set; } = CopyPolicy.Refuse;

    /// <summary>
    /// Reads the <c>actorinterp</c> section of <paramref name="config"/> (missing keys take their defaults).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="config"/> is null.</exception>
    /// <exception cref="ConfigurationException">A key has a value it cannot take (the message names the key).</exception>
    public static ActorInterpOptions FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var section = config.WithFallback(DefaultConfig).GetConfig(ConfigSection);
        var options = new ActorInterpOptions();
        options.Runtime.DefaultCloseTimeout = Read(() => section.GetTimeSpan("close-timeout"), "close-timeout");
        options.Runtime.TrackLeakSites = Read(() => section.GetBoolean("leak-tracking"), "leak-tracking");
        options.Runtime.CoalesceReturns = Read(() => section.GetBoolean("coalesce-returns"), "coalesce-returns");
        options.CopyPolicy = ParseCopyPolicy(section.GetString("copy-policy"));
        if (options.Runtime.DefaultCloseTimeout < TimeSpan.Zero)
            throw new ConfigurationException($"{ConfigSection}.close-timeout must not be negative (got {options.Runtime.DefaultCloseTimeout}).");
        return options;
    }

    internal static CopyPolicy ParseCopyPolicy(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "refuse" or null or "" => CopyPolicy.Refuse,
        "copy" => CopyPolicy.Copy,
        _ => throw new ConfigurationException($"{ConfigSection}.copy-policy must be 'refuse' or 'copy' (got '{value}')."),
    };

    private static T Read<T>(Func<T> read, string key)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not ConfigurationException)
        {
            throw new ConfigurationException($"{ConfigSection}.{key} has a value of the wrong kind: {ex.Message}");
        }
    }
}
