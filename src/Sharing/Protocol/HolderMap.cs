using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ActorInterp.Sharing.Protocol;

/// <summary>
/// A ledger's holders and their attributions, stored by value. Most buffers are lent to one holder at a time,
/// so the first holder lives in fields of the map itself and a dictionary is made only for a second: lending
/// to and returning from one holder touches no hash table and allocates nothing.
/// </summary>
/// <remarks>A mutable struct: keep it in a field (never a copy) and change it only through that field.</remarks>
internal struct HolderMap<TValue> where TValue : struct
{
    private int _firstKey;
    private bool _hasFirst;
    private TValue _first;
    private Dictionary<int, TValue>? _more;

    public readonly int Count => (_hasFirst ? 1 : 0) + (_more?.Count ?? 0);

    /// <summary>The value of <paramref name="key"/>, to read or change in place; a null reference when absent.</summary>
    [UnscopedRef]
    public ref TValue Find(int key)
    {
        if (_hasFirst && _firstKey == key) return ref _first;
        if (_more is not null) return ref CollectionsMarshal.GetValueRefOrNullRef(_more, key);
        return ref Unsafe.NullRef<TValue>();
    }

    public bool ContainsKey(int key) => !Unsafe.IsNullRef(ref Find(key));

    /// <summary>Adds <paramref name="key"/>, which must not be present.</summary>
    public void Add(int key, TValue value)
    {
        if (!_hasFirst)
        {
            _firstKey = key;
            _first = value;
            _hasFirst = true;
            return;
        }
        (_more ??= []).Add(key, value);
    }

    public bool Remove(int key, out TValue value)
    {
        if (_hasFirst && _firstKey == key)
        {
            value = _first;
            _first = default;
            _hasFirst = false;
            return true;
        }
        if (_more is not null && _more.Remove(key, out value)) return true;
        value = default;
        return false;
    }

    public void Clear()
    {
        _first = default;
        _hasFirst = false;
        _more?.Clear();
    }

    /// <summary>A copy of the entries (for the cold paths: listing what blocks a drain, revoking).</summary>
    public readonly (int Key, TValue Value)[] ToArray()
    {
        var entries = new (int, TValue)[Count];
        var i = 0;
        if (_hasFirst) entries[i++] = (_firstKey, _first);
        if (_more is not null)
            foreach (var (key, value) in _more) entries[i++] = (key, value);
        return entries;
    }
}
