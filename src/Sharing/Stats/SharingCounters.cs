namespace ActorInterp.Sharing;

/// <summary>
/// One domain's sharing figures. Each field has one writer, the domain's own thread; readers on other
/// threads read each field atomically (64-bit) but not as one consistent cut.
/// </summary>
internal sealed class SharingCounters
{
    internal static readonly IReadOnlyDictionary<string, long> EmptyHolders = new Dictionary<string, long>();

    /// <summary>The figures of a domain that never used sharing: all zero, never written.</summary>
    internal static readonly SharingCounters None = new();

    internal long OwnedBuffers;
    internal long OwnedBytes;
    internal long BuffersAllocated;
    internal long BuffersFreed;
    internal long SharesMade;
    internal long BorrowsOut;
    internal long ReturnsReceived;
    internal long ReturnMessagesReceived;
    internal long ForwardNotices;
    internal long ProxiesOpened;
    internal long ProxiesFinalized;
    internal long HandlesLost;
    internal long Reclaims;
    internal long ReturnsIgnoredAfterReclaim;
    internal long ReturnsRefused;
    internal long TransfersOut;
    internal long TransfersIn;
    internal long Revoked;

    // Borrowed buffers by holder name, republished by the owner's thread at the end of a turn that changed
    // them. Filled in place under the lock, so that publishing allocates nothing; a reader copies it.
    private readonly Dictionary<string, long> _borrowsByHolder = [];

    /// <summary>A copy of the borrowed buffers by holder name, as last published. Any thread.</summary>
    internal IReadOnlyDictionary<string, long> SnapshotBorrowsByHolder()
    {
        lock (_borrowsByHolder)
            return _borrowsByHolder.Count == 0 ? EmptyHolders : new Dictionary<string, long>(_borrowsByHolder);
    }

    /// <summary>Replaces the published figures by <paramref name="byHolder"/>'s, each id named by <paramref name="nameOf"/>. The owner's thread.</summary>
    internal void PublishBorrowsByHolder(Dictionary<int, long> byHolder, Func<int, string> nameOf)
    {
        lock (_borrowsByHolder)
        {
            _borrowsByHolder.Clear();
            foreach (var (holder, buffers) in byHolder)
            {
                ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_borrowsByHolder, nameOf(holder), out _);
                count += buffers;
            }
        }
    }

    internal static long Read(ref long field) => Volatile.Read(ref field);

    /// <summary>Single-writer increment: the field's only writer is the calling thread.</summary>
    internal static void Add(ref long field, long delta) => Volatile.Write(ref field, field + delta);
}
