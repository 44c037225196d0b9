namespace ActorInterp.Docs.Tests.Markdown;

/// <summary>The fenced blocks of one Markdown file, and what is wrong with its fences and snippet notes.</summary>
/// <param name="Blocks">Every fenced block, in order.</param>
/// <param name="Problems">One line per problem, each starting with <c>file:line:</c>.</param>
public sealed record MarkdownScan(IReadOnlyList<FencedBlock> Blocks, IReadOnlyList<string> Problems);
