namespace ActorInterp.Cluster;

/// <summary>Why a delivery (a buffer for an endpoint, or an actor message) did not reach its receiver.</summary>
internal enum DeliveryFailure
{
    /// <summary>The target's node is not a member of the cluster (or has left it): nothing was sent.</summary>
    TargetNodeNotMember,

    /// <summary>The message's frame breaks the wire's rules: nothing was sent.</summary>
    FrameRefused,

    /// <summary>No endpoint of that name is bound on the receiving node.</summary>
    NoSuchEndpoint,

    /// <summary>No such domain actor (or no Ask waiting) on the receiving node, or the target is not an actor of that node.</summary>
    NoSuchReceiver,

    /// <summary>The receiving domain is closing, or cannot borrow the copy.</summary>
    ReceiverUnavailable,

    /// <summary>The transfer of one of the buffers was refused (over the size limit, or corrupt on the way).</summary>
    TransferFailed,

    /// <summary>The node that lent the buffers left before their bytes arrived.</summary>
    OwnerNodeGone,
}
