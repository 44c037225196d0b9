using System.Text.RegularExpressions;
using Xunit;

namespace ActorInterp.Layering.Tests;

/// <summary>
/// The layers as a user sees them: an application that references only the Actors layer runs README's
/// 30-second example without loading anything of the cluster (Akka.Remote, Akka.Cluster) or of hosting.
/// </summary>
public sealed class ReadmeExampleTests
{
    private static readonly string[] Forbidden = ["Akka.Remote", "Akka.Cluster", "Akka.Hosting", "ActorInterp.Cluster", "ActorInterp.Hosting"];

    [Fact]
    public async Task The_30_second_example_runs_with_no_cluster_or_hosting_assembly_loaded()
    {
        var sum = await ThirtySecondExample.RunAsync();

        Assert.Equal(42L * 64 * 1024 * 1024, sum);
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name!).ToArray();
        Assert.Contains("ActorInterp.Sharing", loaded);
        Assert.DoesNotContain(loaded, name => Forbidden.Any(f => name.StartsWith(f, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_actors_assembly_references_nothing_of_the_cluster_or_hosting()
    {
        var references = typeof(ActorInterp.Actors.DomainActorRef).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToArray();

        Assert.Contains("Akka", references);
        Assert.DoesNotContain(references, name => Forbidden.Any(f => name.StartsWith(f, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_example_here_is_the_one_in_README()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var section = readme[readme.IndexOf("## In 30 seconds", StringComparison.Ordinal)..];
        var block = Regex.Match(section, "```csharp\\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        var source = File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "Layering.Tests", "ThirtySecondExample.cs"));
        var body = Regex.Match(source, "// README: begin\\n(.*?)\\s*// README: end", RegexOptions.Singleline).Groups[1].Value;

        Assert.Equal(Code(body), Code(block.Split("\n", StringSplitOptions.None).Where(l => !l.StartsWith("using ", StringComparison.Ordinal))));
    }

    private static string Code(string text) => Code(text.Split('\n'));

    private static string Code(IEnumerable<string> lines) => string.Join("\n", lines.Select(l => l.Trim()).Where(l => l.Length > 0));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorInterp.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No ActorInterp.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
