namespace ActorInterp.Docs.Tests.Markdown;

/// <summary>
/// Finds the fenced code blocks of a Markdown file (``` or ~~~, indented or not, as in list items) and the
/// snippet notes above C# blocks.
/// </summary>
/// <remarks>
/// A snippet note is an HTML comment (so it does not show on a rendered page) that ends on the line right
/// above a <c>```csharp</c> fence and starts with <c>&lt;!-- snippet</c>:
/// <code>
/// &lt;!-- snippet: members --&gt;
///
/// &lt;!-- snippet
/// Domain worker = null!, third = null!;
/// --&gt;
/// </code>
/// The optional word after <c>snippet:</c> is the kind (<c>program</c>, the default, or <c>members</c>); the
/// lines between the first line and a closing <c>--&gt;</c> on a line of its own are hidden C# code compiled
/// with the block.
/// </remarks>
public static class MarkdownFences
{
    /// <summary>The language of the blocks that must compile.</summary>
    public const string CSharp = "csharp";

    private const string NoteStart = "<!-- snippet";
    private const string CommentStart = "<!--";
    private const string CommentEnd = "-->";

    /// <summary>Scans <paramref name="text"/>, the content of <paramref name="file"/> (a repository-relative path).</summary>
    public static MarkdownScan Read(string file, string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var blocks = new List<FencedBlock>();
        var problems = new List<string>();
        var notesUsed = new HashSet<int>();
        var i = 0;
        while (i < lines.Length)
        {
            if (!TryOpenFence(lines[i], out var indent, out var fence, out var language))
            {
                i++;
                continue;
            }
            var fenceIndex = i;
            var content = new List<string>();
            i++;
            while (i < lines.Length && !IsClosingFence(lines[i], fence)) content.Add(Dedent(lines[i++], indent));
            if (i == lines.Length) problems.Add($"{file}:{fenceIndex + 1}: the block opened here is never closed (a line of {fence} is missing).");
            i++;
            var note = ReadNote(file, lines, fenceIndex, notesUsed, problems);
            if (note is not null && language != CSharp)
                problems.Add($"{file}:{fenceIndex + 1}: a snippet note sits above a block fenced as '{language}'; notes belong to ```csharp blocks only.");
            blocks.Add(new FencedBlock(file, fenceIndex + 1, language, content, note ?? SnippetNote.None));
        }
        for (var n = 0; n < lines.Length; n++)
        {
            if (lines[n].TrimStart().StartsWith(NoteStart, StringComparison.Ordinal) && !notesUsed.Contains(n) && !InsideBlock(blocks, n + 1))
                problems.Add($"{file}:{n + 1}: a snippet note must end on the line right above a ```csharp fence.");
        }
        return new MarkdownScan(blocks, problems);
    }

    private static bool TryOpenFence(string line, out int indent, out string fence, out string language)
    {
        var trimmed = line.TrimStart(' ');
        indent = line.Length - trimmed.Length;
        fence = "";
        language = "";
        if (trimmed.Length < 3 || (trimmed[0] != '`' && trimmed[0] != '~')) return false;
        var run = 0;
        while (run < trimmed.Length && trimmed[run] == trimmed[0]) run++;
        if (run < 3) return false;
        fence = trimmed[..run];
        var info = trimmed[run..].Trim();
        // A backtick fence's info string may not hold a backtick (CommonMark): such a line is inline code.
        if (trimmed[0] == '`' && info.Contains('`')) return false;
        language = info.Split(' ', 2)[0].ToLowerInvariant();
        return true;
    }

    private static bool IsClosingFence(string line, string fence)
    {
        var trimmed = line.Trim();
        return trimmed.Length >= fence.Length && trimmed.All(c => c == fence[0]);
    }

    private static string Dedent(string line, int indent)
    {
        var spaces = 0;
        while (spaces < indent && spaces < line.Length && line[spaces] == ' ') spaces++;
        return line[spaces..];
    }

    private static SnippetNote? ReadNote(string file, string[] lines, int fenceIndex, HashSet<int> notesUsed, List<string> problems)
    {
        var last = fenceIndex - 1;
        if (last < 0 || !lines[last].TrimEnd().EndsWith(CommentEnd, StringComparison.Ordinal)) return null;
        var first = last;
        while (first >= 0 && !lines[first].TrimStart().StartsWith(CommentStart, StringComparison.Ordinal)) first--;
        if (first < 0 || !lines[first].TrimStart().StartsWith(NoteStart, StringComparison.Ordinal)) return null;
        notesUsed.Add(first);

        var head = lines[first].Trim()[NoteStart.Length..];
        var oneLine = first == last;
        if (oneLine) head = head[..^CommentEnd.Length];
        head = head.Trim();
        if (head.StartsWith(':')) head = head[1..].Trim();
        SnippetKind kind;
        switch (head)
        {
            case "" or "program":
                kind = SnippetKind.Program;
                break;
            case "members":
                kind = SnippetKind.Members;
                break;
            default:
                problems.Add($"{file}:{first + 1}: '{head}' is not a snippet kind; write 'program' (the default) or 'members'.");
                kind = SnippetKind.Program;
                break;
        }
        if (oneLine) return new SnippetNote(kind, [], 0);
        if (lines[last].Trim() != CommentEnd)
            problems.Add($"{file}:{last + 1}: a snippet note with hidden code ends with '-->' on a line of its own.");
        var indent = lines[first].Length - lines[first].TrimStart(' ').Length;
        var given = lines[(first + 1)..last].Select(l => Dedent(l, indent)).ToArray();
        return new SnippetNote(kind, given, first + 2);
    }

    private static bool InsideBlock(List<FencedBlock> blocks, int line) =>
        blocks.Any(b => line >= b.FenceLine && line <= b.FenceLine + b.Lines.Count + 1);
}
