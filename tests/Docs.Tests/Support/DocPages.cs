using ActorInterp.Docs.Tests.Markdown;

namespace ActorInterp.Docs.Tests.Support;

/// <summary>
/// The documentation the tests read: README.md, every Markdown file under docs/, each library's package README
/// (src/&lt;library&gt;/README.md) and each example's README.md.
/// Read once per test run.
/// </summary>
public static class DocPages
{
    private static readonly Lazy<IReadOnlyList<MarkdownScan>> Scans = new(ScanAll);

    /// <summary>The pages, relative to the repository root with forward slashes, in ordinal order.</summary>
    public static IReadOnlyList<string> Files()
    {
        var root = RepositoryRoot.Path;
        var files = new List<string> { System.IO.Path.Combine(root, "README.md") };
        var docs = System.IO.Path.Combine(root, "docs");
        if (Directory.Exists(docs)) files.AddRange(Directory.EnumerateFiles(docs, "*.md", SearchOption.AllDirectories));
        // Each library's package README (src/<library>/README.md).
        var src = System.IO.Path.Combine(root, "src");
        if (Directory.Exists(src))
            files.AddRange(Directory.EnumerateDirectories(src).Select(d => System.IO.Path.Combine(d, "README.md")).Where(File.Exists));
        var examples = System.IO.Path.Combine(root, "examples");
        if (Directory.Exists(examples))
            files.AddRange(Directory.EnumerateDirectories(examples).Select(d => System.IO.Path.Combine(d, "README.md")).Where(File.Exists));
        return files.Select(f => System.IO.Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Every page, scanned.</summary>
    public static IReadOnlyList<MarkdownScan> All() => Scans.Value;

    /// <summary>Every C# block of every page.</summary>
    public static IEnumerable<FencedBlock> CSharpBlocks() => All().SelectMany(s => s.Blocks).Where(b => b.IsCSharp);

    private static IReadOnlyList<MarkdownScan> ScanAll() =>
        Files().Select(f => MarkdownFences.Read(f, File.ReadAllText(System.IO.Path.Combine(RepositoryRoot.Path, f)))).ToArray();
}
