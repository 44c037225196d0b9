namespace ActorInterp.TestSupport;

/// <summary>The <c>dotnet</c> host that runs an app built next to the tests (<c>dotnet App.dll ...</c>) as a process of its own.</summary>
public static class DotnetHost
{
    /// <summary>
    /// The host that runs the tests: <c>DOTNET_HOST_PATH</c> (which <c>dotnet test</c> sets), else this process
    /// when it is <c>dotnet</c>, else <c>dotnet</c> from the PATH.
    /// </summary>
    public static string Path =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Environment.ProcessPath is { } path && System.IO.Path.GetFileNameWithoutExtension(path) == "dotnet" ? path
        : "dotnet";

    /// <summary>The full path of <paramref name="dll"/> in the tests' own output directory, where a project reference puts an app's build.</summary>
    public static string AppBesideTests(string dll) => System.IO.Path.Combine(AppContext.BaseDirectory, dll);
}
