using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace ActorInterp.Packages.Tests;

/// <summary>
/// What each package made by <c>.ci/pack</c> must carry, read with System.IO.Compression (so the check needs no
/// unzip): its library's own README, the nuspec's readme, license, release notes, project and repository, exact
/// dependencies on the other libraries of the family, and, in ActorInterp.Actors, the analyzers.
/// </summary>
internal static partial class PackageContents
{
    private static readonly string[] Libraries = ["Domains", "Sharing", "Actors", "Cluster", "Hosting"];

    internal static void Check(string root)
    {
        var feed = Path.Combine(root, "artifacts", "packages");
        foreach (var library in Libraries)
        {
            var id = $"ActorInterp.{library}";
            var package = Directory.GetFiles(feed, $"{id}.*.nupkg").SingleOrDefault(p => VersionOf(p, id) is not null)
                ?? throw new Xunit.Sdk.XunitException($"{feed} holds no {id} package after .ci/pack.");
            var version = VersionOf(package, id)!;
            using var zip = ZipFile.OpenRead(package);

            var readme = Read(zip, "README.md", package);
            Assert.True(readme == File.ReadAllText(Path.Combine(root, "src", library, "README.md")),
                $"{Path.GetFileName(package)} does not carry src/{library}/README.md as its README.md.");

            var nuspec = XDocument.Parse(Read(zip, $"{id}.nuspec", package));
            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            foreach (var element in new[] { "readme", "license", "releaseNotes", "projectUrl", "repository" })
                Assert.True(metadata.Elements().Any(e => e.Name.LocalName == element && (e.Value.Length > 0 || e.HasAttributes)),
                    $"{Path.GetFileName(package)}: its nuspec has no {element}.");
            foreach (var dependency in metadata.Descendants().Where(e => e.Name.LocalName == "dependency"
                         && ((string?)e.Attribute("id"))?.StartsWith("ActorInterp", StringComparison.Ordinal) == true))
            {
                Assert.True((string?)dependency.Attribute("version") == $"[{version}]",
                    $"{Path.GetFileName(package)}: its dependency on {dependency.Attribute("id")} is not on exactly {version} (the libraries use each other's internals).");
                Assert.DoesNotContain("Analyzers", (string?)dependency.Attribute("exclude") ?? "", StringComparison.Ordinal);
            }

            if (library == "Actors")
            {
                foreach (var dll in new[] { "ActorInterp.Analyzers.dll", "ActorInterp.Analyzers.CodeFixes.dll" })
                    Assert.True(zip.GetEntry($"analyzers/dotnet/cs/{dll}") is not null, $"{Path.GetFileName(package)} lacks analyzers/dotnet/cs/{dll}.");
            }
        }
    }

    private static string? VersionOf(string path, string id)
    {
        var match = PackageName().Match(Path.GetFileName(path));
        return match.Success && match.Groups["id"].Value == id ? match.Groups["version"].Value : null;
    }

    private static string Read(ZipArchive zip, string entry, string package)
    {
        var found = zip.GetEntry(entry) ?? throw new Xunit.Sdk.XunitException($"{Path.GetFileName(package)} has no {entry}.");
        using var reader = new StreamReader(found.Open());
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<id>ActorInterp\.[A-Za-z]+)\.(?<version>\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?)\.nupkg$")]
    private static partial Regex PackageName();
}
