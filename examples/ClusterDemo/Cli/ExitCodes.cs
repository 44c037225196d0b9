namespace ClusterDemo;

/// <summary>ClusterDemo's exit codes (examples/ClusterDemo/README.md lists them too).</summary>
internal static class ExitCodes
{
    /// <summary>The run finished: the counts are complete (and, in the self-test, match a single-node count), and this node shut down clean.</summary>
    public const int Ok = 0;

    /// <summary>A bad option or input: one line on standard error says which and why; nothing ran.</summary>
    public const int BadOptions = 1;

    /// <summary>Something leaked (a node's domains shut down with borrows revoked or drains forced), or the self-test's counts differ from a single-node count.</summary>
    public const int Unsound = 2;

    /// <summary>
    /// The run could not finish on this node: it was downed by the cluster, its reader or all its workers were
    /// lost, a bound passed (joining, progress, shutdown), or it was stopped with Ctrl+C. A line on standard
    /// error says which.
    /// </summary>
    public const int RunFailed = 3;
}
