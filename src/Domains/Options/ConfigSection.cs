using Akka.Configuration;

namespace ActorInterp.Domains;

/// <summary>
/// The <c>actorinterp</c> HOCON section of an actor system, from which every layer reads its own keys when
/// a runtime was not given that layer's settings in code. Reading is strict: a key with a value of the wrong
/// kind fails with a <see cref="ConfigurationException"/> that names it.
/// </summary>
internal static class ConfigSection
{
    internal const string Name = "actorinterp";

    /// <summary>The value of <paramref name="key"/> in the section, or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="ConfigurationException">The key holds a value <paramref name="read"/> cannot take.</exception>
    internal static T Read<T>(Config config, string key, Func<Config, string, T> read, T fallback)
    {
        var path = $"{Name}.{key}";
        if (!config.HasPath(path)) return fallback;
        try
        {
            return read(config, path);
        }
        catch (Exception ex) when (ex is not ConfigurationException)
        {
            throw new ConfigurationException($"{path} has a value of the wrong kind: {ex.Message}");
        }
    }
}
