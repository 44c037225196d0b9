namespace ActorInterp.Domains;

/// <summary>
/// Names one kind of <see cref="DomainComponent"/>. A layer makes the key of each of its kinds once (a
/// <c>static readonly</c> field) and reaches a domain's component with <see cref="Domain.GetComponent{T}"/>
/// or <see cref="Domain.PeekComponent{T}"/>. There is no limit on the number of kinds.
/// </summary>
/// <remarks>
/// Keys are numbered in the order they are made, process-wide, and a domain keeps its components in an array
/// indexed by that number: finding a component is one bounds check and one array read, cheap enough for the
/// paths every message takes.
/// </remarks>
/// <typeparam name="T">The component's type.</typeparam>
internal sealed class DomainComponentKey<T> where T : DomainComponent
{
    private readonly Func<Domain, T> _create;

    /// <summary>Makes a key whose components <paramref name="create"/> makes, on the domain's thread, at first use.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="create"/> is null.</exception>
    internal DomainComponentKey(Func<Domain, T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        _create = create;
        Index = DomainComponentKeys.Next();
    }

    /// <summary>The key's number: the index of its components in each domain's array.</summary>
    internal int Index { get; }

    /// <summary>Makes the component of <paramref name="domain"/>; the domain's thread.</summary>
    internal T Create(Domain domain) => _create(domain);

    /// <inheritdoc />
    public override string ToString() => $"component key #{Index} ({typeof(T).Name})";
}

/// <summary>Numbers the component keys, across every component type.</summary>
internal static class DomainComponentKeys
{
    private static int s_count;

    /// <summary>The next free number.</summary>
    internal static int Next() => Interlocked.Increment(ref s_count) - 1;
}
