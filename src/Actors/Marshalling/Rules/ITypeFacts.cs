// The analyzers compile this file too, for netstandard2.0 without implicit usings.
#if NETSTANDARD2_0
using System.Collections.Generic;
#endif

namespace ActorInterp.Actors.Rules;

/// <summary>
/// What <see cref="ShareRules"/> needs to know about a type. The marshaller answers from <c>System.Type</c> at
/// run time; the analyzer answers from Roslyn's <c>ITypeSymbol</c> at compile time. The rules are written once,
/// over these answers, and this folder is compiled into both assemblies (netstandard2.0 and net10.0 alike).
/// </summary>
/// <typeparam name="TType">How the side that asks represents a type.</typeparam>
internal interface ITypeFacts<TType>
    where TType : class
{
    /// <summary>
    /// "Namespace.Name" of the type, or of its generic definition for a generic type
    /// (<c>System.Collections.Immutable.ImmutableArray`1</c>); a nested type is "Outer+Inner". Empty for arrays,
    /// pointers and type parameters.
    /// </summary>
    string MetadataName(TType type);

    /// <summary>The name shown in messages: <c>ImmutableList&lt;Order&gt;</c>, <c>Int32[]</c>, <c>Outer.Inner</c>.</summary>
    string DisplayName(TType type);

    /// <summary>True for the primitive types of the runtime (bool, char, the integers, float, double, IntPtr, UIntPtr).</summary>
    bool IsPrimitive(TType type);

    bool IsEnum(TType type);

    bool IsValueType(TType type);

    bool IsSealed(TType type);

    /// <summary>True for abstract classes and for interfaces.</summary>
    bool IsAbstract(TType type);

    bool IsInterface(TType type);

    /// <summary>True for pointers and function pointers.</summary>
    bool IsPointer(TType type);

    /// <summary>True for ref structs (<c>Span&lt;T&gt;</c> and the like).</summary>
    bool IsByRefLike(TType type);

    /// <summary>
    /// True for a type that still has type parameters to fill in. The analyzer answers false: it reasons about a
    /// generic type as about every closed form of it, and meets a type parameter as a value it cannot decide.
    /// </summary>
    bool ContainsGenericParameters(TType type);

    /// <summary>The element type of an array type; null for any other type.</summary>
    TType? ArrayElement(TType type);

    /// <summary>T of <c>Nullable&lt;T&gt;</c>; null for any other type.</summary>
    TType? NullableUnderlying(TType type);

    /// <summary>The type arguments of a generic type, in order; empty for a type that is not generic.</summary>
    IReadOnlyList<TType> GenericArguments(TType type);

    /// <summary>True when the type is the one named (<see cref="MetadataName"/>), derives from it, or implements it.</summary>
    bool IsAssignableTo(TType type, string metadataName);

    /// <summary>True when the type itself (not a base type) carries the attribute named.</summary>
    bool HasOwnAttribute(TType type, string attributeMetadataName);

    /// <summary>
    /// The type's instance fields, its own first and then each base type's, each in declaration order, with the
    /// compiler's backing fields of auto-properties and field-like events among them.
    /// </summary>
    IReadOnlyList<FieldFact<TType>> InstanceFields(TType type);

    /// <summary>
    /// False when <see cref="InstanceFields"/> may leave some out: at compile time, the private fields of a class
    /// from another assembly, or the fields the compiler makes for a primary constructor's captured parameters.
    /// </summary>
    bool FieldsComplete(TType type);
}
