using ActorInterp.Docs.Tests.Markdown;
using ActorInterp.Docs.Tests.Support;
using Xunit;

namespace ActorInterp.Docs.Tests;

/// <summary>
/// Every link of the documentation into the repository (relative, or by the repository's web address as the package
/// READMEs write them) leads to a file of the repository, and to a heading of it when it names one.
/// </summary>
public sealed class DocLinksTests
{
    [Fact]
    public void Every_relative_link_leads_to_an_existing_file_and_heading()
    {
        var root = RepositoryRoot.Path;
        var problems = new List<string>();
        foreach (var file in DocPages.Files())
        {
            var text = File.ReadAllText(Path.Combine(root, file));
            var scan = MarkdownFences.Read(file, text);
            foreach (var link in MarkdownLinks.Relative(text, scan))
            {
                var (path, anchor) = Split(link.Target);
                var from = link.FromRoot ? root : Path.Combine(root, Path.GetDirectoryName(file)!);
                var target = path.Length == 0 ? Path.Combine(root, file) : Path.GetFullPath(Path.Combine(from, path));
                if (!File.Exists(target) && !Directory.Exists(target))
                {
                    problems.Add($"{file}:{link.Line}: '{(link.FromRoot ? MarkdownLinks.RepositoryFiles : "")}{link.Target}' leads to no file of the repository.");
                    continue;
                }
                if (anchor.Length == 0) continue;
                if (!target.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || !File.Exists(target))
                {
                    problems.Add($"{file}:{link.Line}: '{link.Target}' names a heading in something that is not a Markdown page.");
                    continue;
                }
                var targetText = File.ReadAllText(target);
                var anchors = MarkdownLinks.Anchors(targetText, MarkdownFences.Read(Path.GetRelativePath(root, target), targetText));
                if (!anchors.Contains(anchor))
                    problems.Add($"{file}:{link.Line}: '{link.Target}': no heading makes the anchor '#{anchor}' there.");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Heading_anchors_are_made_as_github_makes_them()
    {
        const string page = "# Close, cancel and shutdown: what a waiter sees\n## `DomainLocal<T>`\n## Notes\n## Notes\n```text\n# not a heading\n```\n";

        var anchors = MarkdownLinks.Anchors(page, MarkdownFences.Read("page.md", page));

        Assert.Equal(["close-cancel-and-shutdown-what-a-waiter-sees", "domainlocalt", "notes", "notes-1"], anchors.Order(StringComparer.Ordinal));
    }

    private static (string Path, string Anchor) Split(string target)
    {
        var hash = target.IndexOf('#');
        return hash < 0 ? (target, "") : (target[..hash], target[(hash + 1)..]);
    }
}
