namespace ActorInterp.Sharing;

/// <summary>
/// A holder domain's borrows that have live proxies, as a list linked through the entries themselves: adding
/// and removing an entry is a few pointer writes, with no hash table and no allocation. Holder's thread only.
/// </summary>
internal sealed class HeldList
{
    private HeldEntry? _head;

    /// <summary>Entries in the list.</summary>
    internal int Count { get; private set; }

    /// <summary>Links <paramref name="entry"/>, which must not be in the list.</summary>
    internal void Add(HeldEntry entry)
    {
        entry.Previous = null;
        entry.Next = _head;
        if (_head is not null) _head.Previous = entry;
        _head = entry;
        entry.Listed = true;
        Count++;
    }

    /// <summary>Unlinks <paramref name="entry"/>, which must be in the list.</summary>
    internal void Remove(HeldEntry entry)
    {
        if (entry.Previous is { } previous) previous.Next = entry.Next;
        else _head = entry.Next;
        if (entry.Next is { } next) next.Previous = entry.Previous;
        entry.Previous = null;
        entry.Next = null;
        entry.Listed = false;
        Count--;
    }

    /// <summary>Empties the list and gives back every entry it held (a close or crash lets go of all of them).</summary>
    internal List<HeldEntry> TakeAll()
    {
        var all = new List<HeldEntry>(Count);
        for (var entry = _head; entry is not null;)
        {
            var next = entry.Next;
            entry.Previous = null;
            entry.Next = null;
            entry.Listed = false;
            all.Add(entry);
            entry = next;
        }
        _head = null;
        Count = 0;
        return all;
    }
}
