namespace ActorInterp.Domains;

/// <summary>One domain's value of one <see cref="DomainLocal{T}"/>.</summary>
internal abstract class DomainLocalSlot(object owner)
{
    /// <summary>The <see cref="DomainLocal{T}"/> the value belongs to.</summary>
    internal object Owner { get; } = owner;

    /// <summary>True while the local's initial-value factory runs for this domain.</summary>
    internal bool Initializing { get; set; }

    internal abstract object? BoxedValue { get; }
}

/// <summary>A slot holding a <typeparamref name="T"/> unboxed.</summary>
internal sealed class DomainLocalSlot<T>(DomainLocal<T> owner, T value) : DomainLocalSlot(owner)
{
    internal T Value = value;

    internal override object? BoxedValue => Value;
}
