namespace ActorInterp.Domains;

/// <summary>
/// State kept per domain: each domain that uses a <see cref="DomainLocal{T}"/> has a value of its own, which
/// lasts across every call made into that domain until the domain closes, and which no other domain sees. It
/// is the counterpart of a subinterpreter's <c>__main__</c> namespace, which survives from one <c>exec</c> to
/// the next.
/// </summary>
/// <remarks>
/// <para>
/// <b>Thread.</b> Every member works on a domain's thread only, on the value of the domain that runs the
/// caller (<see cref="Domain.Current"/>): inside <see cref="Domain.Post"/>, <see cref="Domain.RunAsync(Action)"/>
/// and <see cref="Domain.CallAsync{T}(Func{T})"/> bodies (and after their <c>await</c>s, which resume there),
/// and in the actors of the domain. Outside every domain they throw <see cref="WrongDomainException"/>. A
/// domain's values are touched only on its thread, so there are no locks and <typeparamref name="T"/> needs
/// no thread safety of its own.
/// </para>
/// <para>
/// <b>Lifetime.</b> A domain's value exists from the first set (or, with an initial-value factory, the first
/// read) until the domain closes, drained, forced or crashed. Then the domain drops all its values on its
/// thread, newest first, before <see cref="Domain.CloseAsync"/> completes: a value that is
/// <see cref="IDisposable"/> is disposed; one that is only <see cref="IAsyncDisposable"/> has its disposal
/// started and not awaited. A disposal that throws is logged as an error with the domain's name, and the other
/// values are still disposed. Setting <see cref="Value"/> does not dispose the value it replaces: that one is
/// the caller's again.
/// </para>
/// <para>
/// Make a <see cref="DomainLocal{T}"/> once and keep it (a <c>static readonly</c> field, as with
/// <c>[ThreadStatic]</c>): a domain keeps its value until the domain closes, whether or not the
/// <see cref="DomainLocal{T}"/> is still referenced.
/// </para>
/// </remarks>
/// <typeparam name="T">The type of the value.</typeparam>
public sealed class DomainLocal<T>
{
    private readonly Func<T>? _initialValue;

    /// <summary>A local without an initial value: reading it in a domain that has not set it gives <c>default</c>.</summary>
    public DomainLocal()
    {
    }

    /// <summary>
    /// A local whose value in each domain starts as what <paramref name="initialValue"/> returns. The factory
    /// runs on the domain's thread at the first read there (not at a set); if it throws, the exception reaches
    /// the reader, nothing is stored, and the next read runs it again.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="initialValue"/> is null.</exception>
    public DomainLocal(Func<T> initialValue)
    {
        ArgumentNullException.ThrowIfNull(initialValue);
        _initialValue = initialValue;
    }

    /// <summary>
    /// The current domain's value. Reading a value never set gives the initial-value factory's result (stored
    /// from then on), or <c>default</c> without a factory (nothing stored). Setting stores the value until the
    /// domain closes.
    /// </summary>
    /// <exception cref="WrongDomainException">The caller runs outside every domain.</exception>
    /// <exception cref="DomainClosedException">The caller's domain has closed (its values were dropped).</exception>
    /// <exception cref="InvalidOperationException">Used by its own initial-value factory.</exception>
    public T Value
    {
        get
        {
            var store = CurrentStore();
            var slot = store.Find(this);
            if (slot is not null)
            {
                if (slot.Initializing) ThrowHelper.ThrowLocalRecursion(this);
                return slot.Value;
            }
            return _initialValue is null ? default! : Initialize(store);
        }
        set
        {
            var store = CurrentStore();
            var slot = store.Find(this);
            if (slot is null) store.Add(this, value);
            else if (slot.Initializing) ThrowHelper.ThrowLocalRecursion(this);
            else slot.Value = value;
        }
    }

    /// <summary>True when the current domain has a value (set, or made by the initial-value factory).</summary>
    /// <exception cref="WrongDomainException">The caller runs outside every domain.</exception>
    /// <exception cref="DomainClosedException">The caller's domain has closed.</exception>
    public bool HasValue => CurrentStore().Find(this) is { Initializing: false };

    /// <summary>
    /// Gives the current domain's value if it has one; never runs the initial-value factory.
    /// </summary>
    /// <exception cref="WrongDomainException">The caller runs outside every domain.</exception>
    /// <exception cref="DomainClosedException">The caller's domain has closed.</exception>
    public bool TryGetValue(out T value)
    {
        if (CurrentStore().Find(this) is { Initializing: false } slot)
        {
            value = slot.Value;
            return true;
        }
        value = default!;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"DomainLocal<{typeof(T).Name}>";

    private DomainLocalStore CurrentStore()
    {
        var domain = Domain.Current;
        if (domain is null) ThrowHelper.ThrowLocalOutsideDomains(this);
        if (domain.State == DomainState.Closed) ThrowHelper.ThrowLocalsFreed(domain, this);
        return domain.Locals;
    }

    private T Initialize(DomainLocalStore store)
    {
        // The slot is taken while the factory runs, so that a factory reading its own local fails instead
        // of recursing without end.
        var slot = store.Reserve(this);
        T value;
        try
        {
            value = _initialValue!();
        }
        catch
        {
            store.Release(this);
            throw;
        }
        store.Complete(slot, value);
        return value;
    }
}
