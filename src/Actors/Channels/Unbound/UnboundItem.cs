namespace ActorInterp.Actors;

/// <summary>
/// The placeholder a receive gets for an item sent with <see cref="UnboundItemPolicy.Marker"/> whose buffers'
/// owner went away while it was queued (Python's <c>UNBOUND</c> object). It holds nothing of the item.
/// </summary>
public sealed class UnboundItem
{
    internal UnboundItem(string channelName, string ownerName, string? ownerNode)
    {
        ChannelName = channelName;
        OwnerName = ownerName;
        OwnerNode = ownerNode;
    }

    /// <summary>The channel the item was queued in.</summary>
    public string ChannelName { get; }

    /// <summary>The owner that went away: the domain's name, or, for an item from another node, that node's address.</summary>
    public string OwnerName { get; }

    /// <summary>The address of the node that left, for an item whose buffers came from another node; null for a local owner.</summary>
    public string? OwnerNode { get; }

    /// <summary>What happened, in one sentence.</summary>
    public string Describe() => OwnerNode is null
        ? $"An item of channel '{ChannelName}' was unbound: domain '{OwnerName}', which owned its buffers, closed while it was queued."
        : $"An item of channel '{ChannelName}' was unbound: node {OwnerNode}, where its buffers came from, left the cluster while it was queued.";

    /// <inheritdoc />
    public override string ToString() => $"unbound item of channel '{ChannelName}' (owner {OwnerName})";
}
