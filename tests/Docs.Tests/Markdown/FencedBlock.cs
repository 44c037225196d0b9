namespace ActorInterp.Docs.Tests.Markdown;

/// <summary>A fenced code block of a Markdown file.</summary>
/// <param name="File">The file, relative to the repository root, with forward slashes.</param>
/// <param name="FenceLine">The 1-based line of the opening fence.</param>
/// <param name="Language">The first word of the fence's info string, in lower case; empty when there is none.</param>
/// <param name="Lines">The block's lines, with the fence's indentation removed.</param>
/// <param name="Note">The snippet note right above the fence (<see cref="SnippetNote.None"/> when there is none).</param>
public sealed record FencedBlock(string File, int FenceLine, string Language, IReadOnlyList<string> Lines, SnippetNote Note)
{
    /// <summary>The 1-based line of the block's first line of code.</summary>
    public int FirstLine => FenceLine + 1;

    /// <summary>Where the block starts, as <c>file:line</c> (the opening fence's line).</summary>
    public string Location => $"{File}:{FenceLine}";

    /// <summary>The block's code as one text.</summary>
    public string Code => string.Join('\n', Lines);

    /// <summary>True for a block compiled by the documentation tests.</summary>
    public bool IsCSharp => Language == MarkdownFences.CSharp;
}
