using ActorInterp.Domains;
using Akka.Actor;

namespace ClusterDemo;

/// <summary>How a process node ended.</summary>
/// <param name="Reason">Why its coordinated shutdown ran (leaving, or downed by the cluster); null if it never began.</param>
/// <param name="Report">What its domains left, or null if they were not shut down in time.</param>
/// <param name="TimedOut">The bound the node exceeded without terminating, or null when it terminated in time.</param>
internal sealed record NodeExit(CoordinatedShutdown.Reason? Reason, RuntimeShutdownReport? Report, TimeSpan? TimedOut)
{
    /// <summary>True when the cluster downed the node (its split brain resolver decided, or another node did).</summary>
    public bool WasDowned => Reason is CoordinatedShutdown.ClusterDowningReason;
}
