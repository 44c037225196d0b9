using ActorInterp.Docs.Tests.Compiling;
using ActorInterp.Docs.Tests.Markdown;
using Xunit;

namespace ActorInterp.Docs.Tests;

/// <summary>How blocks are found and compiled, on small pages written here.</summary>
public sealed class SnippetHarnessTests
{
    private static FencedBlock Only(string page)
    {
        var scan = MarkdownFences.Read("page.md", page);
        Assert.Empty(scan.Problems);
        return Assert.Single(scan.Blocks, b => b.IsCSharp);
    }

    [Fact]
    public void A_block_that_does_not_compile_is_reported_at_its_page_file_and_line()
    {
        var block = Only("# Title\n\nText.\n\n```csharp\nvar a = 1;\nvar b = missing + a;\n```\n");

        var error = Assert.Single(SnippetCompiler.Errors(block));

        Assert.StartsWith("page.md:7:9: error CS0103:", error);
        Assert.Contains("var b = missing + a;", error);
        Assert.Equal("page.md:5", block.Location);
    }

    [Fact]
    public void A_syntax_error_is_reported_at_its_page_line()
    {
        var block = Only("```csharp\nvar a = 1;\nvar b = (a + ;\n```\n");

        var errors = SnippetCompiler.Errors(block);

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.StartsWith("page.md:3:", e));
    }

    [Fact]
    public void A_block_using_the_library_compiles_without_using_directives_for_its_core_namespaces()
    {
        var block = Only("```csharp\nawait using var runtime = DomainRuntime.Create();\nvar d = runtime.CreateDomain(\"d\");\n```\n");

        Assert.Empty(SnippetCompiler.Errors(block));
    }

    [Fact]
    public void Hidden_code_in_a_snippet_note_is_compiled_with_the_block_and_its_errors_point_at_the_note()
    {
        var good = Only("<!-- snippet\nDomain worker = null!;\nstatic int Twice(int x) => 2 * x;\n-->\n```csharp\nConsole.WriteLine(worker.Name + Twice(2));\n```\n");
        var bad = Only("<!-- snippet\nDomain worker = nothing;\n-->\n```csharp\nConsole.WriteLine(worker.Name);\n```\n");

        Assert.Empty(SnippetCompiler.Errors(good));
        Assert.StartsWith("page.md:2:", Assert.Single(SnippetCompiler.Errors(bad)));
    }

    [Fact]
    public void Types_declared_above_the_statements_that_use_them_compile()
    {
        var block = Only("```csharp\npublic sealed record Entry(string Key);\n\nvar e = new Entry(\"k\");\nConsole.WriteLine(e.Key);\n```\n");

        Assert.Empty(SnippetCompiler.Errors(block));
    }

    [Fact]
    public void A_members_block_is_compiled_as_the_body_of_a_class()
    {
        var block = Only("<!-- snippet: members\nprivate readonly int _seed = 1;\n-->\n```csharp\npublic int Next() => _seed + 1;\nprivate sealed record Item(int Id);\n```\n");
        var statements = Only("<!-- snippet: members -->\n```csharp\nConsole.WriteLine(1);\n```\n");

        Assert.Empty(SnippetCompiler.Errors(block));
        Assert.NotEmpty(SnippetCompiler.Errors(statements));
    }

    [Fact]
    public void A_fence_indented_in_a_list_item_is_found_and_its_lines_dedented()
    {
        var block = Only("- An item:\n\n  ```csharp\n  var x = 1;\n    var y = x;\n  ```\n- Next.\n");

        Assert.Equal(["var x = 1;", "  var y = x;"], block.Lines);
        Assert.Equal(3, block.FenceLine);
    }

    [Fact]
    public void A_longer_fence_holds_a_shorter_one_as_text()
    {
        var scan = MarkdownFences.Read("page.md", "````markdown\n```csharp\nnot C#\n```\n````\n");

        var block = Assert.Single(scan.Blocks);
        Assert.Equal("markdown", block.Language);
        Assert.Empty(scan.Problems);
    }

    [Fact]
    public void A_snippet_note_that_is_not_right_above_a_csharp_fence_is_a_problem()
    {
        var apart = MarkdownFences.Read("page.md", "<!-- snippet: members -->\n\n```csharp\nint X;\n```\n");
        var aboveShell = MarkdownFences.Read("page.md", "<!-- snippet -->\n```bash\nls\n```\n");
        var unknownKind = MarkdownFences.Read("page.md", "<!-- snippet: script -->\n```csharp\nint x = 1;\n```\n");

        Assert.Contains(apart.Problems, p => p.StartsWith("page.md:1:", StringComparison.Ordinal));
        Assert.Contains(aboveShell.Problems, p => p.StartsWith("page.md:2:", StringComparison.Ordinal));
        Assert.Contains(unknownKind.Problems, p => p.StartsWith("page.md:1:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_fence_never_closed_is_a_problem()
    {
        var scan = MarkdownFences.Read("page.md", "Text\n```csharp\nvar x = 1;\n");

        Assert.Contains(scan.Problems, p => p.StartsWith("page.md:2:", StringComparison.Ordinal));
    }
}
