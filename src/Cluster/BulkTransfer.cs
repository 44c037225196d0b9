namespace ActorInterp.Cluster;

/// <summary>How a buffer's bytes cross to another node (<see cref="ClusterExchangeOptions.BulkTransfer"/>).</summary>
public enum BulkTransfer
{
    /// <summary>
    /// Over the node's data lane: a TCP listener of its own beside the Akka association, bound to the node's remoting
    /// hostname on a free port. The holder node pulls the bytes straight into its copy with a one-time random token
    /// given in the offer; when it cannot reach the lane, the bytes go in chunks over remoting instead, and the reason
    /// is counted and logged (<see cref="ClusterExchangeStats.LaneFallbacks"/>, <see cref="ClusterExchangeStats.LaneProblem"/>).
    /// </summary>
    DataLane = 0,

    /// <summary>In chunks of <see cref="ClusterExchangeOptions.ChunkSize"/> over the Akka association, at most
    /// <see cref="ClusterExchangeOptions.Window"/> unacknowledged; no listener is opened, and a lane offered by another node is declined.</summary>
    Remoting = 1,
}
