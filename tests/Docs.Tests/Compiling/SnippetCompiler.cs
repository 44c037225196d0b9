using ActorInterp.Docs.Tests.Markdown;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ActorInterp.Docs.Tests.Compiling;

/// <summary>Compiles one C# block of the documentation and reports its errors by Markdown file and line.</summary>
public static class SnippetCompiler
{
    /// <summary>
    /// The errors of <paramref name="block"/>, one line each: <c>file:line:column: error CSnnnn: message</c>, then
    /// the page's line it points at. Empty when the block compiles. Warnings are not reported: a block may
    /// leave a variable unused or a result ignored to keep the example short.
    /// </summary>
    public static IReadOnlyList<string> Errors(FencedBlock block)
    {
        // A syntax error is reported as the page has it: rearranging a block that does not parse could hide a part of it.
        var syntax = SnippetSource.SyntaxErrors(block).ToArray();
        if (syntax.Length > 0) return syntax.Select(d => Describe(block, d)).ToArray();

        var tree = CSharpSyntaxTree.ParseText(SnippetSource.Build(block), SnippetSource.ParseOptions, path: $"(the compiled form of {block.Location})");
        var options = new CSharpCompilationOptions(
            block.Note.Kind == SnippetKind.Members ? OutputKind.DynamicallyLinkedLibrary : OutputKind.ConsoleApplication,
            nullableContextOptions: NullableContextOptions.Enable,
            deterministic: true);
        var compilation = CSharpCompilation.Create("Snippet", [tree], SnippetReferences.Get(), options);
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .OrderBy(d => d.Location.SourceSpan.Start)
            .Select(d => Describe(block, d))
            .ToArray();
    }

    private static string Describe(FencedBlock block, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        var line = span.StartLinePosition.Line + 1;
        var where = span.HasMappedPath ? $"{span.Path}:{line}:{span.StartLinePosition.Character + 1}" : $"{block.Location} (in the code wrapped around the block)";
        var text = span.HasMappedPath ? PageLine(block, line) : null;
        var message = $"{where}: error {diagnostic.Id}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        return text is null ? message : $"{message}\n    {text.Trim()}";
    }

    private static string? PageLine(FencedBlock block, int line)
    {
        if (line >= block.FirstLine && line < block.FirstLine + block.Lines.Count) return block.Lines[line - block.FirstLine];
        var given = block.Note.Given;
        if (line >= block.Note.GivenFirstLine && line < block.Note.GivenFirstLine + given.Count) return given[line - block.Note.GivenFirstLine];
        return null;
    }
}
