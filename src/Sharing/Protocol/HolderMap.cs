namespace ActorInterp.Sharing.Protocol;

/// <summary>
/// A ledger's holders and their attributions. Most buffers are lent to one holder at a time, so the first
/// holder lives in fields of its own and a dictionary is made only for a second: an owner with many
/// buffers out touches one small object per return instead of a hash table per buffer.
/// </summary>
internal sealed class HolderMap<TValue> where TValue : class
{
    private int _firstKey;
    private TValue? _first;
    private Dictionary<int, TValue>? _more;

    public int Count => (_first is null ? 0 : 1) + (_more?.Count ?? 0);

    public bool TryGetValue(int key, out TValue value)
    {
        if (_first is not null && _firstKey == key)
        {
            value = _first;
            return true;
        }
        if (_more is not null && _more.TryGetValue(key, out var found))
        {
            value = found;
            return true;
        }
        value = null!;
        return false;
    }

    public bool ContainsKey(int key) => TryGetValue(key, out _);

    /// <summary>Adds <paramref name="key"/>, which must not be present.</summary>
    public void Add(int key, TValue value)
    {
        if (_first is null)
        {
            _firstKey = key;
            _first = value;
            return;
        }
        (_more ??= []).Add(key, value);
    }

    public bool Remove(int key, out TValue value)
    {
        if (_first is not null && _firstKey == key)
        {
            value = _first;
            _first = null;
            return true;
        }
        if (_more is not null && _more.Remove(key, out var found))
        {
            value = found;
            return true;
        }
        value = null!;
        return false;
    }

    public void Clear()
    {
        _first = null;
        _more?.Clear();
    }

    public IEnumerable<(int Key, TValue Value)> Entries
    {
        get
        {
            if (_first is not null) yield return (_firstKey, _first);
            if (_more is null) yield break;
            foreach (var (key, value) in _more) yield return (key, value);
        }
    }
}
