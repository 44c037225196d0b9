using System.Reflection;
using ActorInterp.Actors;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Microsoft.CodeAnalysis;

namespace ActorInterp.Docs.Tests.Compiling;

/// <summary>
/// The assemblies the documentation's C# blocks are compiled against: the runtime's trusted platform
/// assemblies (the framework, and in a test run every assembly the test project references) and the loaded
/// ActorInterp, Akka and Microsoft.Extensions assemblies. Made once per test run.
/// </summary>
public static class SnippetReferences
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> All = new(Load);

    /// <summary>Every reference, one per assembly name, in a fixed order.</summary>
    public static IReadOnlyList<MetadataReference> Get() => All.Value;

    private static IReadOnlyList<MetadataReference> Load()
    {
        // Touch one type of each layer so that its assembly is loaded even before any test used it.
        Assembly[] layers = [typeof(Domain).Assembly, typeof(SharedBuffer).Assembly, typeof(DomainActorRef).Assembly];
        var paths = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var path in trusted) paths.TryAdd(Path.GetFileNameWithoutExtension(path), path);
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Concat(layers)
            .Where(a => !a.IsDynamic && a.Location.Length > 0)
            .Where(a => a.GetName().Name is { } name && (name.StartsWith("ActorInterp.", StringComparison.Ordinal) || name.StartsWith("Akka", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)));
        foreach (var assembly in loaded) paths.TryAdd(assembly.GetName().Name!, assembly.Location);
        return paths.Values.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    }
}
