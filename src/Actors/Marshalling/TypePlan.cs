namespace ActorInterp.Actors;

/// <summary>
/// How values of one type are marshalled at a domain boundary. Computed once per type (see
/// <see cref="PlanCache"/>) and never changed after it is published.
/// </summary>
internal sealed class TypePlan
{
    /// <summary>The plan of declared types that are not sealed: the value's own type decides.</summary>
    internal static readonly TypePlan Dynamic = new(typeof(object)) { Kind = PlanKind.Dynamic };

    internal TypePlan(Type type) => Type = type;

    internal Type Type { get; }

    internal PlanKind Kind { get; set; }

    /// <summary>For <see cref="PlanKind.Record"/>: the fields that need work (every other field crosses as it is).</summary>
    internal FieldPlan[] Fields { get; set; } = [];

    /// <summary>For arrays and collections: the plan of the declared element type (the value type for dictionaries).</summary>
    internal TypePlan? Element { get; set; }

    /// <summary>For collections: how to walk and rebuild one.</summary>
    internal CollectionShape? Shape { get; set; }

    /// <summary>For <see cref="PlanKind.Unshareable"/>: why, e.g. "its field '_buffer' can change".</summary>
    internal string? Why { get; set; }

    internal bool IsPass => Kind == PlanKind.Pass;

    public override string ToString() => $"{Kind} plan of {TypeNames.Of(Type)}";
}

/// <summary>One field of a record plan, with compiled accessors.</summary>
internal sealed class FieldPlan(string name, TypePlan plan, Func<object, object?> get, Action<object, object?> set)
{
    /// <summary>The name shown in error paths (the property name for auto-properties).</summary>
    internal string Name { get; } = name;

    internal TypePlan Plan { get; } = plan;

    internal Func<object, object?> Get { get; } = get;

    /// <summary>Sets the field on a clone (works on boxed structs and on read-only fields).</summary>
    internal Action<object, object?> Set { get; } = set;
}
