using System.Text;
using System.Text.RegularExpressions;

namespace ActorInterp.Docs.Tests.Markdown;

/// <summary>The links of a Markdown page into the repository, and the anchors its headings make (as GitHub makes them).</summary>
public static partial class MarkdownLinks
{
    /// <summary>
    /// The web address of the repository's files (the packages' project URL, src/Directory.Build.props, plus
    /// the branch): the package READMEs link to the documentation this way, as nuget.org shows no relative link.
    /// </summary>
    public const string RepositoryFiles = "https://github.com/actorinterp/actorinterp/blob/main/";

    /// <summary>
    /// A link of a page: its 1-based line, and its target as written, or, for a link by <see cref="RepositoryFiles"/>
    /// address (<paramref name="FromRoot"/>), the path after that address, relative to the repository's root.
    /// </summary>
    public sealed record Link(int Line, string Target, bool FromRoot = false);

    /// <summary>
    /// The links outside fenced blocks and code spans that lead into the repository: relative ones, and those by
    /// the <see cref="RepositoryFiles"/> address; other web and mail addresses are left out.
    /// </summary>
    public static IEnumerable<Link> Relative(string text, MarkdownScan scan)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (InsideBlock(scan, i + 1)) continue;
            var prose = CodeSpan().Replace(lines[i], "");
            foreach (Match m in LinkTarget().Matches(prose))
            {
                var target = m.Groups[1].Value;
                if (target.StartsWith(RepositoryFiles, StringComparison.Ordinal))
                {
                    yield return new Link(i + 1, target[RepositoryFiles.Length..], FromRoot: true);
                    continue;
                }
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                yield return new Link(i + 1, target);
            }
        }
    }

    /// <summary>The anchors of the page's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered.</summary>
    public static IReadOnlySet<string> Anchors(string text, MarkdownScan scan)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (InsideBlock(scan, i + 1)) continue;
            var heading = Heading().Match(lines[i]);
            if (!heading.Success) continue;
            var slug = Slug(heading.Groups[1].Value);
            var candidate = slug;
            for (var n = 1; !anchors.Add(candidate); n++) candidate = $"{slug}-{n}";
        }
        return anchors;
    }

    private static string Slug(string heading)
    {
        var slug = new StringBuilder();
        foreach (var c in heading.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_') slug.Append(c);
            else if (c == ' ') slug.Append('-');
        }
        return slug.ToString();
    }

    private static bool InsideBlock(MarkdownScan scan, int line) =>
        scan.Blocks.Any(b => line >= b.FenceLine && line <= b.FenceLine + b.Lines.Count + 1);

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex LinkTarget();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")]
    private static partial Regex Heading();
}
