using System.Text;
using ActorInterp.Docs.Tests.Markdown;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace ActorInterp.Docs.Tests.Compiling;

/// <summary>
/// Turns a C# block of the documentation (and its snippet note's hidden code) into one C# file, with
/// <c>#line</c> directives so that every diagnostic names the Markdown file and line it comes from.
/// </summary>
public static class SnippetSource
{
    /// <summary>
    /// The namespaces every block may use without a using directive: the SDK's implicit usings and the
    /// library's core namespaces. Anything else (the cluster, hosting, Akka.Hosting) a block names itself.
    /// </summary>
    public static readonly IReadOnlyList<string> ImplicitUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
        "ActorInterp.Domains", "ActorInterp.Sharing", "ActorInterp.Actors", "Akka.Actor",
    ];

    /// <summary>The class a <see cref="SnippetKind.Members"/> block is the body of.</summary>
    public const string MembersClass = "Snippet";

    /// <summary>The language version blocks are written in.</summary>
    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>The C# file for <paramref name="block"/>.</summary>
    public static string Build(FencedBlock block)
    {
        var text = new StringBuilder();
        foreach (var ns in ImplicitUsings) text.Append("global using ").Append(ns).Append(";\n");
        return block.Note.Kind == SnippetKind.Members ? BuildMembers(block, text) : BuildProgram(block, text);
    }

    /// <summary>
    /// The syntax errors of the block and of its hidden code, as they are written (before any rearranging),
    /// but for statements below a type declaration, which the rearranging puts right.
    /// </summary>
    public static IEnumerable<Diagnostic> SyntaxErrors(FencedBlock block)
    {
        var given = Parse(block.Note.Given, block.File, block.Note.GivenFirstLine, block.Note.Kind);
        var code = Parse(block.Lines, block.File, block.FirstLine, block.Note.Kind);
        return given.GetDiagnostics().Concat(code.GetDiagnostics())
            .Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != StatementAfterType);
    }

    // CS8803: top-level statements must precede namespace and type declarations.
    private const string StatementAfterType = "CS8803";

    // Usings first, then the statements (the hidden ones before the block's), then the type declarations: the
    // order C# requires of a file with top-level statements, whatever order the page shows them in.
    private static string BuildProgram(FencedBlock block, StringBuilder text)
    {
        var given = Root(block.Note.Given);
        var code = Root(block.Lines);
        foreach (var u in given.Root.Usings) Emit(text, given, u, block.File, block.Note.GivenFirstLine);
        foreach (var u in code.Root.Usings) Emit(text, code, u, block.File, block.FirstLine);
        foreach (var a in code.Root.AttributeLists) Emit(text, code, a, block.File, block.FirstLine);
        foreach (var s in given.Root.Members.OfType<GlobalStatementSyntax>()) Emit(text, given, s, block.File, block.Note.GivenFirstLine);
        foreach (var s in code.Root.Members.OfType<GlobalStatementSyntax>()) Emit(text, code, s, block.File, block.FirstLine);
        foreach (var m in code.Root.Members.Where(m => m is not GlobalStatementSyntax)) Emit(text, code, m, block.File, block.FirstLine);
        foreach (var m in given.Root.Members.Where(m => m is not GlobalStatementSyntax)) Emit(text, given, m, block.File, block.Note.GivenFirstLine);
        return text.ToString();
    }

    private static string BuildMembers(FencedBlock block, StringBuilder text)
    {
        var given = Root(block.Note.Given);
        foreach (var u in given.Root.Usings) Emit(text, given, u, block.File, block.Note.GivenFirstLine);
        var restStart = given.Root.Usings.Count > 0 ? given.Root.Usings.Last().FullSpan.End : 0;
        var restLine = given.Tree.GetLineSpan(new TextSpan(restStart, 0)).StartLinePosition.Line;
        text.Append("#line hidden\n").Append("public partial class ").Append(MembersClass).Append("\n{\n");
        Directive(text, block.Note.GivenFirstLine + restLine, block.File);
        text.Append(given.Tree.GetText().ToString()[restStart..]).Append('\n');
        Directive(text, block.FirstLine, block.File);
        text.Append(block.Code).Append('\n');
        text.Append("#line hidden\n}\n");
        return text.ToString();
    }

    private static (SyntaxTree Tree, CompilationUnitSyntax Root) Root(IReadOnlyList<string> lines)
    {
        var tree = CSharpSyntaxTree.ParseText(string.Join('\n', lines), ParseOptions);
        return (tree, tree.GetCompilationUnitRoot());
    }

    // The tree a block's own syntax errors are reported from: mapped to its Markdown lines, in its kind's shape.
    private static SyntaxTree Parse(IReadOnlyList<string> lines, string file, int firstLine, SnippetKind kind)
    {
        if (lines.Count == 0) return CSharpSyntaxTree.ParseText("", ParseOptions);
        var text = new StringBuilder();
        if (kind == SnippetKind.Members) text.Append("#line hidden\nclass ").Append(MembersClass).Append("\n{\n");
        Directive(text, firstLine, file);
        text.Append(string.Join('\n', lines)).Append('\n');
        if (kind == SnippetKind.Members) text.Append("#line hidden\n}\n");
        return CSharpSyntaxTree.ParseText(text.ToString(), ParseOptions);
    }

    private static void Emit(StringBuilder text, (SyntaxTree Tree, CompilationUnitSyntax Root) source, SyntaxNode node, string file, int firstLine)
    {
        var start = source.Tree.GetLineSpan(node.Span).StartLinePosition;
        Directive(text, firstLine + start.Line, file);
        // The node's first line keeps its column, so that a diagnostic's column is the page's.
        text.Append(' ', start.Character).Append(node.ToString()).Append('\n');
    }

    private static void Directive(StringBuilder text, int line, string file) =>
        text.Append("#line ").Append(line).Append(" \"").Append(file).Append("\"\n");
}
