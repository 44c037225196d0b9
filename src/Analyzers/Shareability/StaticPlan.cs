using Microsoft.CodeAnalysis;

namespace ActorInterp.Analyzers;

/// <summary>The marshaller's plan kinds (PlanKind), and one it never has: a type the compiler cannot decide.</summary>
internal enum StaticKind
{
    Pass,
    Dynamic,
    Record,
    Owned,
    Proxy,
    Array,
    Collection,
    Unshareable,

    /// <summary>A type parameter or a type that does not resolve: nothing is known of its values.</summary>
    Unknown,
}

/// <summary>
/// The plan the marshaller would make for a type, made from the compiler's symbols by the same rules
/// (<see cref="ActorInterp.Actors.Rules.ShareRules"/>) and built the same way (see <see cref="Shareability"/>).
/// </summary>
internal sealed class StaticPlan(ITypeSymbol type, StaticKind kind)
{
    /// <summary>For <see cref="StaticKind.Dynamic"/>: the declared type, whose subclasses the value may have.</summary>
    internal ITypeSymbol Type { get; } = type;

    internal StaticKind Kind { get; set; } = kind;

    /// <summary>For <see cref="StaticKind.Unshareable"/> and <see cref="StaticKind.Array"/>: why it cannot cross as it is.</summary>
    internal string? Why { get; set; }

    /// <summary>For arrays and collections: the plan of the declared element type.</summary>
    internal StaticPlan? Element { get; set; }

    /// <summary>For <see cref="StaticKind.Record"/>: the fields whose values need a look (the others cross as they are).</summary>
    internal StaticField[] Fields { get; set; } = [];

    /// <summary>For <see cref="StaticKind.Record"/>: false when the compiler cannot show every field of the type.</summary>
    internal bool FieldsComplete { get; set; } = true;

    /// <summary>True, false, or null when the compiler cannot tell whether the marshaller's plan would be Pass.</summary>
    internal bool? IsPass => Kind switch
    {
        StaticKind.Pass => true,
        StaticKind.Unknown => null,
        StaticKind.Record when !FieldsComplete => null,
        _ => false,
    };
}

/// <summary>One field of a record plan.</summary>
internal sealed class StaticField(string name, StaticPlan plan)
{
    /// <summary>The name shown in paths (the property's name for an auto-property).</summary>
    internal string Name { get; } = name;

    internal StaticPlan Plan { get; } = plan;
}
