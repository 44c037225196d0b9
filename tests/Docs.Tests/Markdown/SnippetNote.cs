namespace ActorInterp.Docs.Tests.Markdown;

/// <summary>
/// What an HTML comment right above a C# block says about compiling it: its kind, and hidden C# code (the
/// "given" part: declarations the block uses but does not show, such as the domains it names).
/// </summary>
/// <param name="Kind">How the block is compiled.</param>
/// <param name="Given">The hidden code, one entry per line, indentation removed; empty when there is none.</param>
/// <param name="GivenFirstLine">The 1-based Markdown line of the first hidden line.</param>
public sealed record SnippetNote(SnippetKind Kind, IReadOnlyList<string> Given, int GivenFirstLine)
{
    /// <summary>What a block without a note gets: a program, nothing hidden.</summary>
    public static SnippetNote None { get; } = new(SnippetKind.Program, [], 0);
}
