using ActorInterp.Sharing.Protocol;

namespace ActorInterp.Sharing;

/// <summary>A holder domain's borrow of one buffer, shared by all its proxies of that buffer. Holder's thread only.</summary>
internal sealed class HeldEntry(OwnedBuffer buffer)
{
    internal OwnedBuffer Buffer { get; } = buffer;

    internal HeldWeight Held { get; } = new();

    /// <summary>Set when the holder gave everything back as it closed; its proxies then refuse reads.</summary>
    internal bool Released { get; set; }
}
