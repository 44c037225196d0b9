namespace ClusterDemo;

/// <summary>What a ClusterDemo process does.</summary>
internal enum DemoMode
{
    /// <summary>A reader node and two worker nodes in this process, with a live table.</summary>
    InProcess,

    /// <summary>As <see cref="InProcess"/>, and a worker node is killed mid-run; checks the result and the reclaims.</summary>
    SelfTest,

    /// <summary>The exchange's figures against plain remoting.</summary>
    Measure,

    /// <summary>This process is the reader node: it cuts the text, lends the chunks and merges the counts.</summary>
    Reader,

    /// <summary>This process is a worker node: it counts the chunks lent to it until the reader finishes.</summary>
    Worker,
}
