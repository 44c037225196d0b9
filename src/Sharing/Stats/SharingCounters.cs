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

    // Borrowed buffers by holder, republished by the owner's thread at the end of a turn that changed them:
    // written in place, without a lock or an allocation (the owner's turns are the hot path), and copied by
    // readers. The version is odd while the owner writes; a reader that saw it change reads again.
    private (string Name, long Buffers)[] _published = [];
    private int _publishedCount;
    private int _publishVersion;

    /// <summary>A copy of the borrowed buffers by holder name, as last published. Any thread.</summary>
    internal IReadOnlyDictionary<string, long> SnapshotBorrowsByHolder()
    {
        var spinner = new SpinWait();
        while (true)
        {
            var version = Volatile.Read(ref _publishVersion);
            if ((version & 1) == 0 && TryCopyPublished(version, out var copy)) return copy;
            spinner.SpinOnce();
        }
    }

    /// <summary>Replaces the published figures by <paramref name="byHolder"/>'s, each id named by <paramref name="nameOf"/>. The owner's thread.</summary>
    internal void PublishBorrowsByHolder(Dictionary<int, long> byHolder, Func<int, string> nameOf)
    {
        Interlocked.Increment(ref _publishVersion); // odd: readers wait; a full fence before the writes below
        var entries = _published;
        if (entries.Length < byHolder.Count)
        {
            entries = new (string, long)[Math.Max(byHolder.Count, entries.Length * 2)];
            Volatile.Write(ref _published, entries);
        }
        var i = 0;
        foreach (var (holder, buffers) in byHolder) entries[i++] = (nameOf(holder), buffers);
        Volatile.Write(ref _publishedCount, i);
        Volatile.Write(ref _publishVersion, _publishVersion + 1); // even again, after the writes
    }

    private bool TryCopyPublished(int version, out IReadOnlyDictionary<string, long> copy)
    {
        copy = EmptyHolders;
        var entries = Volatile.Read(ref _published);
        var count = Math.Min(Volatile.Read(ref _publishedCount), entries.Length);
        Dictionary<string, long>? byName = null;
        for (var i = 0; i < count; i++)
        {
            var (name, buffers) = entries[i];
            if (name is null) return false; // a write under way: read again
            byName ??= new Dictionary<string, long>(count);
            // Two holders may share a name: their buffers add up.
            byName[name] = byName.GetValueOrDefault(name) + buffers;
        }
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _publishVersion) != version) return false;
        if (byName is not null) copy = byName;
        return true;
    }

    internal static long Read(ref long field) => Volatile.Read(ref field);

    /// <summary>Single-writer increment: the field's only writer is the calling thread.</summary>
    internal static void Add(ref long field, long delta) => Volatile.Write(ref field, field + delta);
}
