using System.Runtime.CompilerServices;

namespace ActorInterp.Cluster;

/// <summary>
/// Faults a test injects into a node's data lane, to check that each is caught: all null (no fault) in use. Read by
/// the lane's threads on every frame; set before the transfer they are meant for.
/// </summary>
internal sealed class LaneFaults
{
    /// <summary>Owner side: awaited before frame (lease, index) is sent, to hold a transfer in the middle.</summary>
    public volatile Func<long, int, Task>? BeforeFrame;

    /// <summary>Owner side: may change frame (lease, index) after its checksum was taken; given the frame as sent (the header, then the bytes).</summary>
    public volatile Action<long, int, byte[]>? AfterChecksum;

    /// <summary>Owner side: the connection is closed after this many frames (a truncated stream), when set.</summary>
    public volatile StrongBox<int>? CloseAfterFrames;

    /// <summary>Holder side: the token actually sent in a request, given the one from the offer.</summary>
    public volatile Func<UInt128, UInt128>? RequestToken;
}
