namespace ClusterDemo;

/// <summary>
/// The bounds of a ClusterDemo process (<c>--role reader|worker</c>); examples/ClusterDemo/README.md states
/// what they add up to. A killed process goes silent: the others call it unreachable after
/// <see cref="Unreachable"/>, the split brain resolver downs it <see cref="StableAfter"/> later, and it is
/// removed within about a second.
/// </summary>
internal static class ProcessTiming
{
    /// <summary>How often nodes send each other heartbeats.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(500);

    /// <summary>Silence after which a node is unreachable (Akka's acceptable heartbeat pause).</summary>
    public static readonly TimeSpan Unreachable = TimeSpan.FromSeconds(3);

    /// <summary>How long the split brain resolver waits for a stable view before it downs unreachable nodes.</summary>
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(2);

    /// <summary>How long a shutting-down node's domains may take to drain before they are forced (a leak).</summary>
    public static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(5);

    /// <summary>The coordinated shutdown's bound on stopping the exchange and the domains.</summary>
    public static readonly TimeSpan ReleaseBound = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The coordinated shutdown's bound on each of leaving and exiting the cluster. Leaving needs every other
    /// member to see it: a dead member holds it up until the split brain resolver downs it.
    /// </summary>
    public static readonly TimeSpan LeaveBound = TimeSpan.FromSeconds(8);

    /// <summary>The most a process waits for its node to shut down once it has decided to end (above the phases' bounds together).</summary>
    public static readonly TimeSpan ShutdownBound = TimeSpan.FromSeconds(30);

    /// <summary>The reader ends the run (exit 3) when it has had no live worker for this long.</summary>
    public static readonly TimeSpan NoWorkerGrace = TimeSpan.FromSeconds(15);

    /// <summary>The reader ends the run (exit 3) when no chunk was counted for this long.</summary>
    public static readonly TimeSpan StallBound = TimeSpan.FromSeconds(60);

    /// <summary>
    /// After its result, the most the reader waits for its workers to leave before it leaves too (it first waits
    /// for lost workers to be downed, so that the others can leave).
    /// </summary>
    public static readonly TimeSpan WorkersLeaveBound = TimeSpan.FromSeconds(20);

    /// <summary>A worker ends (exit 3) when the reader has been unreachable this long without being downed.</summary>
    public static readonly TimeSpan ReaderUnreachableBound = TimeSpan.FromSeconds(20);

    /// <summary>How often a process checks its watchdogs.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
}
