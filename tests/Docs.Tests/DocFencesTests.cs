using ActorInterp.Docs.Tests.Support;
using Xunit;

namespace ActorInterp.Docs.Tests;

/// <summary>
/// Every fenced block of the documentation names its language, so that C# is never hidden from the compile
/// test under another name and shell, HOCON and output are never fenced as C#.
/// </summary>
public sealed class DocFencesTests
{
    /// <summary>The languages a fence may name (docs/writing-docs.md).</summary>
    public static readonly string[] Languages = ["csharp", "bash", "hocon", "text", "xml", "json", "markdown"];

    [Fact]
    public void Every_fence_names_one_of_the_known_languages()
    {
        var problems = new List<string>();
        foreach (var scan in DocPages.All())
        {
            problems.AddRange(scan.Problems);
            foreach (var block in scan.Blocks)
            {
                if (!Languages.Contains(block.Language))
                    problems.Add($"{block.Location}: the fence names {(block.Language.Length == 0 ? "no language" : $"'{block.Language}'")}; " +
                        $"name one of {string.Join(", ", Languages)} (C# as csharp, so that it is compiled).");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
