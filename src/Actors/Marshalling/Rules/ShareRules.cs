// The analyzers compile this file too, for netstandard2.0 without implicit usings.
#if NETSTANDARD2_0
using System;
using System.Collections.Generic;
#endif

namespace ActorInterp.Actors.Rules;

/// <summary>How a declared type (a field's, an element's) is marshalled: see <see cref="ShareRules.Declared{TType}"/>.</summary>
internal enum DeclaredKind
{
    /// <summary>Every value of the type (and of every type derived from it) crosses as it is.</summary>
    Pass,

    /// <summary>Every value has exactly this type (a value type, a sealed class, an array): its shape decides.</summary>
    Exact,

    /// <summary>A value may be of a derived type: the value's own type decides, at run time.</summary>
    Dynamic,
}

/// <summary>
/// The one description of which values may cross from one domain to another, shared by the marshaller (which
/// applies it to each value's run-time type) and by the analyzer (which applies it to a message's static type).
/// A value crosses as it is when it cannot change and holds no buffer; buffers are lent; everything else is
/// refused under <c>CopyPolicy.Refuse</c> (the default) or deep-copied under <c>CopyPolicy.Copy</c>.
/// </summary>
/// <remarks>
/// The order of the checks in <see cref="Decide{TType}"/> is part of the rules: a mark wins over everything
/// after it, a delegate is refused before its fields are looked at, and so on. Types are named by metadata
/// name so that the analyzer, which sees the library only as symbols, names the same types.
/// </remarks>
internal static class ShareRules
{
    internal const string SharedBufferName = "ActorInterp.Sharing.SharedBuffer";
    internal const string BufferProxyName = "ActorInterp.Sharing.BufferProxy";
    internal const string ShareableAttributeName = "ActorInterp.Actors.ShareableAttribute";
    internal const string ShareableInterfaceName = "ActorInterp.Actors.IShareable";

    internal const string ArrayWhy = "an array can be changed after it is sent";
    internal const string DelegateWhy = "a delegate can capture anything";
    internal const string UnexaminableWhy = "values of this kind cannot be examined";
    internal const string LiveWhy = "it is live, changing state";
    internal const string MutableCollectionWhy = "its contents can change";

    /// <summary>Values that cannot change, and thread-safe references: the type itself (not types derived from it) crosses as it is.</summary>
    private static readonly HashSet<string> s_shareableValues = new(StringComparer.Ordinal)
    {
        "System.String", "System.Decimal", "System.DateTime", "System.DateTimeOffset", "System.TimeSpan", "System.Guid",
        "System.DateOnly", "System.TimeOnly", "System.Half", "System.Int128", "System.UInt128", "System.Numerics.BigInteger",
        "System.Uri", "System.Version", "System.Threading.CancellationToken",
        "Akka.Actor.Address",
        "ActorInterp.Domains.Domain", "ActorInterp.Domains.DomainRuntime", "ActorInterp.Sharing.BufferHandle",
    };

    /// <summary>
    /// Families whose every member crosses as it is: types, marked types, actor references and paths, and
    /// exceptions (Akka passes them around itself, in a failed Ask or a piped task, and they do not change once thrown).
    /// </summary>
    private static readonly string[] s_shareableFamilies =
    [
        "System.Type", ShareableInterfaceName, "Akka.Actor.IActorRef", "Akka.Actor.ActorPath", "System.Exception",
    ];

    /// <summary>The immutable sequences the marshaller walks and rebuilds.</summary>
    private static readonly HashSet<string> s_immutableSequences = new(StringComparer.Ordinal)
    {
        "System.Collections.Immutable.ImmutableArray`1", "System.Collections.Immutable.ImmutableList`1",
        "System.Collections.Immutable.ImmutableHashSet`1", "System.Collections.Immutable.ImmutableSortedSet`1",
        "System.Collections.Immutable.ImmutableQueue`1", "System.Collections.Immutable.ImmutableStack`1",
    };

    /// <summary>The immutable dictionaries the marshaller walks and rebuilds: values are walked, keys must be plain.</summary>
    private static readonly HashSet<string> s_immutableDictionaries = new(StringComparer.Ordinal)
    {
        "System.Collections.Immutable.ImmutableDictionary`2", "System.Collections.Immutable.ImmutableSortedDictionary`2",
    };

    /// <summary>State that is live: it changes by itself.</summary>
    private static readonly string[] s_live = ["System.Threading.Tasks.Task", "System.Collections.IEnumerator"];

    /// <summary>
    /// The collections, builders and streams of the base library, which can change. Their fields would refuse
    /// them anyway; naming them gives a plainer reason, and lets the analyzer refuse them although it cannot see
    /// their private fields.
    /// </summary>
    private static readonly string[] s_mutableCollections =
    [
        "System.Collections.Generic.List`1", "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.HashSet`1",
        "System.Collections.Generic.Queue`1", "System.Collections.Generic.Stack`1", "System.Collections.Generic.LinkedList`1",
        "System.Collections.Generic.SortedDictionary`2", "System.Collections.Generic.SortedList`2", "System.Collections.Generic.SortedSet`1",
        "System.Collections.Generic.PriorityQueue`2",
        "System.Collections.ArrayList", "System.Collections.Hashtable", "System.Collections.Queue", "System.Collections.Stack",
        "System.Collections.BitArray", "System.Collections.ObjectModel.Collection`1",
        "System.Collections.Concurrent.ConcurrentDictionary`2", "System.Collections.Concurrent.ConcurrentQueue`1",
        "System.Collections.Concurrent.ConcurrentStack`1", "System.Collections.Concurrent.ConcurrentBag`1",
        "System.Collections.Concurrent.BlockingCollection`1",
        "System.Text.StringBuilder", "System.IO.MemoryStream",
    ];

    /// <summary>
    /// True when every value of <paramref name="type"/>, and of every type derived from it, crosses as it is:
    /// primitives, enums, the values and families above, and types implementing IShareable.
    /// </summary>
    internal static bool IsAlwaysShareable<TType>(TType type, ITypeFacts<TType> facts)
        where TType : class
    {
        if (facts.IsPrimitive(type) || facts.IsEnum(type) || s_shareableValues.Contains(facts.MetadataName(type))) return true;
        foreach (var family in s_shareableFamilies)
            if (facts.IsAssignableTo(type, family)) return true;
        return false;
    }

    /// <summary>True when the type is marked shareable: it implements IShareable, or carries [Shareable] itself (the attribute is not inherited).</summary>
    internal static bool IsMarked<TType>(TType type, ITypeFacts<TType> facts)
        where TType : class =>
        facts.IsAssignableTo(type, ShareableInterfaceName) || facts.HasOwnAttribute(type, ShareableAttributeName);

    /// <summary>
    /// How values held in a field or element declared as <paramref name="declared"/> are marshalled;
    /// <paramref name="exact"/> is the type that decides for <see cref="DeclaredKind.Exact"/> (T of a <c>Nullable&lt;T&gt;</c>).
    /// </summary>
    internal static DeclaredKind Declared<TType>(TType declared, ITypeFacts<TType> facts, out TType exact)
        where TType : class
    {
        exact = facts.NullableUnderlying(declared) ?? declared;
        if (IsAlwaysShareable(exact, facts)) return DeclaredKind.Pass;
        if (facts.IsValueType(exact) || facts.IsSealed(exact) || facts.ArrayElement(exact) is not null) return DeclaredKind.Exact;
        return DeclaredKind.Dynamic;
    }

    /// <summary>The shape of values whose run-time type is <paramref name="type"/>, by the first rule that applies.</summary>
    internal static ShapeDecision<TType> Decide<TType>(TType type, ITypeFacts<TType> facts)
        where TType : class
    {
        if (IsAlwaysShareable(type, facts) || IsMarked(type, facts)) return ShapeDecision<TType>.Of(ShapeKind.Pass);
        var name = facts.MetadataName(type);
        if (name == SharedBufferName) return ShapeDecision<TType>.Of(ShapeKind.Owned);
        if (name == BufferProxyName) return ShapeDecision<TType>.Of(ShapeKind.Proxy);
        if (facts.ArrayElement(type) is { } element) return ShapeDecision<TType>.ArrayOf(element);
        if (s_immutableSequences.Contains(name)) return ShapeDecision<TType>.CollectionOf(null, facts.GenericArguments(type)[0]);
        if (s_immutableDictionaries.Contains(name))
        {
            var args = facts.GenericArguments(type);
            return ShapeDecision<TType>.CollectionOf(args[0], args[1]);
        }
        if (facts.IsAssignableTo(type, "System.Delegate")) return ShapeDecision<TType>.Refuse(DelegateWhy);
        if (facts.IsPointer(type) || facts.IsByRefLike(type) || facts.IsAbstract(type) || facts.IsInterface(type) || facts.ContainsGenericParameters(type))
            return ShapeDecision<TType>.Refuse(UnexaminableWhy);
        foreach (var live in s_live)
            if (facts.IsAssignableTo(type, live)) return ShapeDecision<TType>.Refuse(LiveWhy);
        foreach (var collection in s_mutableCollections)
            if (facts.IsAssignableTo(type, collection)) return ShapeDecision<TType>.Refuse(MutableCollectionWhy);
        var fields = facts.InstanceFields(type);
        // A struct is copied by value as it crosses, so its own fields need not be read-only; a class instance
        // is shared by reference, so each of its fields must be.
        if (!facts.IsValueType(type))
        {
            foreach (var field in fields)
                if (!field.IsReadOnly) return ShapeDecision<TType>.Refuse(MutableFieldWhy(field.DisplayName));
        }
        return ShapeDecision<TType>.RecordOf(fields, facts.FieldsComplete(type));
    }

    /// <summary>Why a class with a field that is not read-only is refused.</summary>
    internal static string MutableFieldWhy(string fieldDisplayName) => "its field '" + fieldDisplayName + "' can change";

    /// <summary>Why an immutable dictionary whose keys are not plain shareable values is refused.</summary>
    internal static string KeysWhy(string keyDisplayName) => "its keys (" + keyDisplayName + ") are not plain shareable values";

    /// <summary>The name a field shows in paths: the property's name for an auto-property's backing field.</summary>
    internal static string FieldDisplayName(string fieldName)
    {
        const string backing = ">k__BackingField";
        if (fieldName.Length == 0 || fieldName[0] != '<') return fieldName;
        var end = fieldName.IndexOf(backing, StringComparison.Ordinal);
        return end > 0 ? fieldName.Substring(1, end - 1) : fieldName;
    }
}
