using ActorInterp.Domains;
using ActorInterp.Sharing.Protocol;

namespace ActorInterp.Sharing;

/// <summary>
/// A holder domain's borrow of one buffer, shared by all its proxies of that buffer: the weight it holds and
/// its live proxies (the <see cref="HeldWeight"/> it is). Holder's thread only, except <see cref="Holder"/>
/// and <see cref="Buffer"/>, which never change.
/// </summary>
/// <remarks>
/// The entry of the first domain to open a buffer is kept on the buffer (<see cref="OwnedBuffer.FirstHolderEntry"/>)
/// and used again when that domain opens the buffer again, so lending one buffer over and over to one domain
/// makes no new entry. While it has live proxies the entry is linked into its holder's list of borrows.
/// </remarks>
internal sealed class HeldEntry(OwnedBuffer buffer, Domain holder) : HeldWeight
{
    internal OwnedBuffer Buffer { get; } = buffer;

    /// <summary>The domain whose borrow this is.</summary>
    internal Domain Holder { get; } = holder;

    /// <summary>Set when the holder gave everything back as it closed; its proxies then refuse reads.</summary>
    internal bool Released { get; set; }

    // The holder's list of entries with live proxies (SharingState.HeldList): linked in place, so that
    // opening and letting go of a borrow touches no hash table.
    internal HeldEntry? Previous;
    internal HeldEntry? Next;
    internal bool Listed;
}
