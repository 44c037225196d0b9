namespace ActorInterp.Domains;

/// <summary>
/// A kind of state that a layer built on the domains keeps on each <typeparamref name="TOwner"/> (a
/// <see cref="DomainRuntime"/> or a <see cref="Domain"/>): made once per owner on first use, from any thread,
/// and kept by the owner, so that it lives and dies with it and no static table maps owners to state. A layer
/// makes each key once (a static field) and reads its state with the owner's <c>GetLayerState</c>.
/// </summary>
/// <typeparam name="TOwner">What the state belongs to.</typeparam>
/// <typeparam name="T">The state.</typeparam>
internal sealed class LayerStateKey<TOwner, T>
    where TOwner : class
    where T : class
{
    private readonly Func<TOwner, T> _create;

    /// <summary>Makes a key whose state <paramref name="create"/> makes, on whichever thread first asks for it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="create"/> is null.</exception>
    internal LayerStateKey(Func<TOwner, T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        _create = create;
        Index = LayerStateKeys<TOwner>.Next();
    }

    /// <summary>The key's number: the index of its state in each owner's table.</summary>
    internal int Index { get; }

    internal T Create(TOwner owner) => _create(owner);
}

/// <summary>Numbers the keys of one kind of owner.</summary>
internal static class LayerStateKeys<TOwner>
{
    private static int s_count;

    internal static int Next() => Interlocked.Increment(ref s_count) - 1;
}

/// <summary>
/// One owner's layer state, indexed by <see cref="LayerStateKey{TOwner, T}.Index"/>. Reading made state is an
/// array read, from any thread; making it takes a lock, and a state whose making asks for another key's state
/// (on the same thread) is fine: the lock is re-entrant and the table is read again after each making.
/// </summary>
internal sealed class LayerStateTable<TOwner>
    where TOwner : class
{
    private readonly Lock _gate = new();
    private object?[] _items = [];

    internal T Get<T>(TOwner owner, LayerStateKey<TOwner, T> key) where T : class
    {
        var items = Volatile.Read(ref _items);
        var index = key.Index;
        if ((uint)index < (uint)items.Length && Volatile.Read(ref items[index]) is T found) return found;
        lock (_gate)
        {
            items = _items;
            if ((uint)index < (uint)items.Length && items[index] is T made) return made;
            var state = key.Create(owner);
            items = _items; // making it may have made others, and grown the table
            if (index >= items.Length)
            {
                var grown = new object?[Math.Max(index + 1, items.Length * 2)];
                items.CopyTo(grown, 0);
                grown[index] = state;
                Volatile.Write(ref _items, grown);
            }
            else
            {
                Volatile.Write(ref items[index], state);
            }
            return state;
        }
    }

    /// <summary>Every state made so far.</summary>
    internal IEnumerable<object> All() => Volatile.Read(ref _items).Where(item => item is not null)!;
}
