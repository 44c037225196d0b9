namespace ActorInterp.Docs.Tests.Markdown;

/// <summary>How a C# block of the documentation is compiled (see docs/writing-docs.md).</summary>
public enum SnippetKind
{
    /// <summary>
    /// The default: a program file. Using directives, statements (top-level statements) and type declarations,
    /// in any order: the usings go first, then the statements, then the types.
    /// </summary>
    Program,

    /// <summary>Members of a class (methods, fields, nested types): the block is the body of a class.</summary>
    Members,
}
