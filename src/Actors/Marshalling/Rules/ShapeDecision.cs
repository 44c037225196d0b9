// The analyzers compile this file too, for netstandard2.0 without implicit usings.
#if NETSTANDARD2_0
using System.Collections.Generic;
#endif

namespace ActorInterp.Actors.Rules;

/// <summary>What <see cref="ShareRules.Decide{TType}"/> makes of one type's shape.</summary>
internal enum ShapeKind
{
    /// <summary>Shareable as it is, and never holds a buffer.</summary>
    Pass,

    /// <summary>An owner's SharedBuffer: lent to the receiver, which gets a proxy.</summary>
    Owned,

    /// <summary>A holder's BufferProxy: passed on, the receiver gets a proxy of its own.</summary>
    Proxy,

    /// <summary>An array: it can change after it is sent, so it crosses only as a copy.</summary>
    Array,

    /// <summary>An immutable collection: it crosses if its keys are plain and its elements can cross.</summary>
    Collection,

    /// <summary>A record, class or struct whose fields cannot change (or a struct): it crosses if each field's value can.</summary>
    Record,

    /// <summary>Never crosses as it is: refused, or deep-copied where copying is allowed.</summary>
    Refused,
}

/// <summary>The decision about one type's shape; what it means for a value depends on its parts (see <see cref="ShareRules"/>).</summary>
/// <typeparam name="TType">How the side that asks represents a type.</typeparam>
internal sealed class ShapeDecision<TType>
    where TType : class
{
    private ShapeDecision(ShapeKind kind, string? why, TType? element, TType? key, IReadOnlyList<FieldFact<TType>>? fields, bool fieldsComplete)
    {
        Kind = kind;
        Why = why;
        Element = element;
        Key = key;
        Fields = fields ?? [];
        FieldsComplete = fieldsComplete;
    }

    internal ShapeKind Kind { get; }

    /// <summary>For <see cref="ShapeKind.Refused"/> and <see cref="ShapeKind.Array"/>: why it cannot cross as it is.</summary>
    internal string? Why { get; }

    /// <summary>For arrays and collections: the element type (a dictionary's value type).</summary>
    internal TType? Element { get; }

    /// <summary>For dictionaries: the key type, whose values must be plain shareable ones.</summary>
    internal TType? Key { get; }

    /// <summary>For <see cref="ShapeKind.Record"/>: every instance field, each of which must be able to cross.</summary>
    internal IReadOnlyList<FieldFact<TType>> Fields { get; }

    /// <summary>For <see cref="ShapeKind.Record"/>: false when fields may be missing from <see cref="Fields"/> (see <see cref="ITypeFacts{TType}.FieldsComplete"/>).</summary>
    internal bool FieldsComplete { get; }

    internal static ShapeDecision<TType> Of(ShapeKind kind) => new(kind, null, null, null, null, true);

    internal static ShapeDecision<TType> Refuse(string why) => new(ShapeKind.Refused, why, null, null, null, true);

    internal static ShapeDecision<TType> ArrayOf(TType element) => new(ShapeKind.Array, ShareRules.ArrayWhy, element, null, null, true);

    internal static ShapeDecision<TType> CollectionOf(TType? key, TType element) => new(ShapeKind.Collection, null, element, key, null, true);

    internal static ShapeDecision<TType> RecordOf(IReadOnlyList<FieldFact<TType>> fields, bool complete) => new(ShapeKind.Record, null, null, null, fields, complete);
}
