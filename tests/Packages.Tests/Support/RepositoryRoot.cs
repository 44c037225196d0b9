namespace ActorInterp.Packages.Tests.Support;

/// <summary>The repository's root: the nearest directory above the tests that holds ActorInterp.sln.</summary>
internal static class RepositoryRoot
{
    private const string Solution = "ActorInterp.sln";

    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The root's full path.</summary>
    public static string Path => Root.Value;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, Solution))) return dir.FullName;
        }
        throw new InvalidOperationException($"No {Solution} in {AppContext.BaseDirectory} or any directory above it: run the tests from a clone of the repository.");
    }
}
