using ClusterDemo;

namespace ActorInterp.ClusterDemo.Tests.Support;

/// <summary>The count every cluster run must match, done here on one node with the demo's own word rules.</summary>
internal static class SingleNodeCount
{
    private static readonly Lazy<string> BuiltIn = new(() => ResultLine(WordCount.SyntheticText(DemoCluster.SizeMb << 20)));

    /// <summary>The result line of the built-in text the cluster tests count.</summary>
    public static string BuiltInResultLine => BuiltIn.Value;

    /// <summary>The demo's result line (<c>result: words=... distinct=... digest=...</c>) for <paramref name="text"/>.</summary>
    public static string ResultLine(byte[] text)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        WordCount.Count(text, counts);
        return CountsReport.ResultLine(counts);
    }
}
