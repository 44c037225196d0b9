namespace ActorInterp.Actors.Rules;

/// <summary>One instance field, as <see cref="ITypeFacts{TType}"/> describes it.</summary>
/// <typeparam name="TType">How the side that asks represents a type.</typeparam>
internal sealed class FieldFact<TType>
    where TType : class
{
    /// <param name="name">The field's own name (<c>&lt;Name&gt;k__BackingField</c> for an auto-property's).</param>
    /// <param name="type">The field's declared type.</param>
    /// <param name="isReadOnly">True for a read-only (init-only) field.</param>
    /// <param name="member">The side's own object for the field (a <c>FieldInfo</c> for the marshaller), for its own use.</param>
    internal FieldFact(string name, TType type, bool isReadOnly, object? member)
    {
        Name = name;
        Type = type;
        IsReadOnly = isReadOnly;
        Member = member;
    }

    internal string Name { get; }

    /// <summary>The name shown in messages and paths: the property's name for an auto-property's backing field.</summary>
    internal string DisplayName => ShareRules.FieldDisplayName(Name);

    internal TType Type { get; }

    internal bool IsReadOnly { get; }

    internal object? Member { get; }
}
