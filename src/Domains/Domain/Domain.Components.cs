using Debug = System.Diagnostics.Debug;

namespace ActorInterp.Domains;

// The per-domain state of the layers built on the domains (see DomainComponent and DomainComponentKey).
public sealed partial class Domain
{
    // Indexed by DomainComponentKey.Index; grown on the domain's thread as components are made, and read
    // from any thread by PeekComponent. A grown array is published whole, after its components were copied.
    private DomainComponent?[] _components = [];

    // State of the layers that is used from any thread (unlike components, which live on the domain's thread).
    private readonly LayerStateTable<Domain> _layerState = new();

    /// <summary>The domain's state of <paramref name="key"/>'s layer, made on first use. Any thread.</summary>
    internal T GetLayerState<T>(LayerStateKey<Domain, T> key) where T : class => _layerState.Get(this, key);

    /// <summary>The domain's component of <paramref name="key"/>, made on first use. Domain thread only.</summary>
    internal T GetComponent<T>(DomainComponentKey<T> key) where T : DomainComponent
    {
        Debug.Assert(IsCurrent, "components are created and used on their domain's thread");
        var components = _components;
        var index = key.Index;
        if ((uint)index < (uint)components.Length && components[index] is { } found) return (T)found;
        return AddComponent(key);
    }

    /// <summary>The domain's component of <paramref name="key"/> if it was made; null otherwise. Any thread.</summary>
    internal T? PeekComponent<T>(DomainComponentKey<T> key) where T : DomainComponent
    {
        var components = Volatile.Read(ref _components);
        var index = key.Index;
        return (uint)index < (uint)components.Length ? (T?)Volatile.Read(ref components[index]) : null;
    }

    private T AddComponent<T>(DomainComponentKey<T> key) where T : DomainComponent
    {
        var component = key.Create(this);
        // Read again: making the component may have made others, and grown the array.
        var components = _components;
        if (key.Index >= components.Length)
        {
            var grown = new DomainComponent?[Math.Max(key.Index + 1, components.Length * 2)];
            components.CopyTo(grown, 0);
            grown[key.Index] = component;
            Volatile.Write(ref _components, grown);
        }
        else
        {
            Volatile.Write(ref components[key.Index], component);
        }
        return component;
    }
}
