using ActorInterp.Docs.Tests.Compiling;
using ActorInterp.Docs.Tests.Support;
using Xunit;

namespace ActorInterp.Docs.Tests;

/// <summary>
/// Every ```csharp block of README.md, docs/, the package READMEs (src/&lt;library&gt;/README.md) and the examples' READMEs compiles against the library (the
/// convention is in docs/writing-docs.md).
/// </summary>
public sealed class DocBlocksCompileTests
{
    /// <summary>Each C# block, by where it starts (<c>file:line</c>).</summary>
    public static TheoryData<string> Blocks()
    {
        var data = new TheoryData<string>();
        foreach (var block in DocPages.CSharpBlocks()) data.Add(block.Location);
        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Every_csharp_block_compiles(string location)
    {
        var block = Assert.Single(DocPages.CSharpBlocks(), b => b.Location == location);

        var errors = SnippetCompiler.Errors(block);

        Assert.True(errors.Count == 0,
            $"The C# block at {location} does not compile ({errors.Count} error(s)); fix the block, give it the declarations it " +
            $"needs in a snippet note, or fence it as text if it is not C# (see docs/writing-docs.md):\n{string.Join('\n', errors)}");
    }

    [Fact]
    public void The_readme_and_the_docs_pages_have_csharp_blocks_to_compile()
    {
        var files = DocPages.CSharpBlocks().Select(b => b.File).Distinct().ToArray();

        Assert.Contains("README.md", files);
        Assert.Contains(files, f => f.StartsWith("docs/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Domains")]
    [InlineData("Sharing")]
    [InlineData("Actors")]
    [InlineData("Cluster")]
    [InlineData("Hosting")]
    public void Each_library_package_readme_has_a_csharp_example_that_is_compiled(string library) =>
        Assert.Contains($"src/{library}/README.md", DocPages.CSharpBlocks().Select(b => b.File));
}
