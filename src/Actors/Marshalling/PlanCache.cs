using System.Collections.Concurrent;
using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;

namespace ActorInterp.Actors;

/// <summary>
/// The marshalling plan of every type seen at a domain boundary, computed once per type (reflection then,
/// compiled accessors after) and cached. The lookup on the send path is a one-entry per-thread cache in
/// front of a concurrent dictionary, so repeated sends of one message type cost a type comparison.
/// </summary>
internal static class PlanCache
{
    private static readonly ConcurrentDictionary<Type, TypePlan> s_plans = new();
    private static readonly object s_buildGate = new();

    [ThreadStatic] private static Type? t_lastType;
    [ThreadStatic] private static TypePlan? t_lastPlan;

    // Built under s_buildGate: plans of types whose analysis is under way (for recursive types).
    private static readonly Dictionary<Type, TypePlan> s_building = [];

    /// <summary>The plan for values whose run-time type is <paramref name="type"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TypePlan For(Type type)
    {
        if (ReferenceEquals(type, t_lastType)) return t_lastPlan!;
        return ForSlow(type);
    }

    private static TypePlan ForSlow(Type type)
    {
        if (!s_plans.TryGetValue(type, out var plan))
        {
            lock (s_buildGate) plan = Build(type);
        }
        t_lastType = type;
        t_lastPlan = plan;
        return plan;
    }

    /// <summary>The plan for a field (or element) declared as <paramref name="declared"/>.</summary>
    private static TypePlan ForDeclared(Type declared)
    {
        if (Nullable.GetUnderlyingType(declared) is { } underlying) return ForDeclared(underlying);
        if (IsAlwaysShareable(declared)) return PassPlan(declared);
        if (declared.IsValueType || declared.IsSealed || declared.IsArray) return Build(declared);
        return TypePlan.Dynamic;
    }

    private static TypePlan PassPlan(Type type) => s_plans.GetOrAdd(type, static t => new TypePlan(t) { Kind = PlanKind.Pass });

    // Runs under s_buildGate.
    private static TypePlan Build(Type type)
    {
        if (s_plans.TryGetValue(type, out var done)) return done;
        if (s_building.TryGetValue(type, out var inProgress)) return inProgress; // a recursive type: its walk is decided when its analysis ends
        var plan = new TypePlan(type) { Kind = PlanKind.Record };
        s_building.Add(type, plan);
        try
        {
            Analyse(plan);
        }
        finally
        {
            s_building.Remove(type);
        }
        s_plans[type] = plan;
        return plan;
    }

    private static void Analyse(TypePlan plan)
    {
        var type = plan.Type;
        if (IsAlwaysShareable(type) || IsMarked(type))
        {
            plan.Kind = PlanKind.Pass;
            return;
        }
        if (type == typeof(SharedBuffer))
        {
            plan.Kind = PlanKind.Owned;
            return;
        }
        if (type == typeof(BufferProxy))
        {
            plan.Kind = PlanKind.Proxy;
            return;
        }
        if (type.IsArray)
        {
            plan.Kind = PlanKind.Array;
            plan.Element = ForDeclared(type.GetElementType()!);
            plan.Why = "an array can be changed after it is sent";
            return;
        }
        if (CollectionShape.For(type, out var keyType, out var elementType) is { } shape)
        {
            plan.Element = ForDeclared(elementType!);
            if (keyType is not null && !ForDeclared(keyType).IsPass)
            {
                Refuse(plan, $"its keys ({TypeNames.Of(keyType)}) are not plain shareable values");
                return;
            }
            plan.Shape = shape;
            plan.Kind = plan.Element.IsPass ? PlanKind.Pass : PlanKind.Collection;
            return;
        }
        if (typeof(Delegate).IsAssignableFrom(type))
        {
            Refuse(plan, "a delegate can capture anything");
            return;
        }
        if (type.IsPointer || type.IsByRefLike || type.IsAbstract || type.IsInterface || type.ContainsGenericParameters)
        {
            Refuse(plan, "values of this kind cannot be examined");
            return;
        }
        if (typeof(Task).IsAssignableFrom(type) || typeof(System.Collections.IEnumerator).IsAssignableFrom(type))
        {
            Refuse(plan, "it is live, changing state");
            return;
        }
        AnalyseFields(plan);
    }

    private static void AnalyseFields(TypePlan plan)
    {
        var type = plan.Type;
        var work = new List<FieldPlan>();
        foreach (var field in InstanceFields(type))
        {
            // A struct is copied by value as it crosses, so its own fields need not be read-only; a class
            // instance is shared by reference, so each of its fields must be.
            if (!type.IsValueType && !field.IsInitOnly)
            {
                Refuse(plan, $"its field '{TypeNames.FieldDisplayName(field.Name)}' can change");
                return;
            }
            var fieldPlan = ForDeclared(field.FieldType);
            if (fieldPlan.IsPass) continue;
            work.Add(new FieldPlan(TypeNames.FieldDisplayName(field.Name), fieldPlan, FieldAccess.Getter(field), FieldAccess.Setter(field)));
        }
        plan.Fields = [.. work];
        plan.Kind = work.Count == 0 ? PlanKind.Pass : PlanKind.Record;
    }

    private static void Refuse(TypePlan plan, string why)
    {
        plan.Kind = PlanKind.Unshareable;
        plan.Why = why;
    }

    private static IEnumerable<FieldInfo> InstanceFields(Type type)
    {
        for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType)
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                yield return field;
    }

    private static bool IsMarked(Type type) =>
        typeof(IShareable).IsAssignableFrom(type) || type.IsDefined(typeof(ShareableAttribute), inherit: false);

    /// <summary>
    /// Types whose every value (and every subclass's) may cross as it is: immutable values, thread-safe
    /// references (actor references, domains, handles), and exceptions, which Akka itself passes around
    /// (a failed Ask, a piped task) and which are not changed once thrown.
    /// </summary>
    private static bool IsAlwaysShareable(Type type) =>
        type.IsPrimitive || type.IsEnum
        || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime) || type == typeof(DateTimeOffset)
        || type == typeof(TimeSpan) || type == typeof(Guid) || type == typeof(DateOnly) || type == typeof(TimeOnly)
        || type == typeof(Half) || type == typeof(Int128) || type == typeof(UInt128) || type == typeof(BigInteger)
        || type == typeof(Uri) || type == typeof(Version) || type == typeof(CancellationToken)
        || typeof(Type).IsAssignableFrom(type)
        || typeof(IShareable).IsAssignableFrom(type)
        || typeof(IActorRef).IsAssignableFrom(type) || typeof(ActorPath).IsAssignableFrom(type) || type == typeof(Address)
        || typeof(Exception).IsAssignableFrom(type)
        || type == typeof(Domain) || type == typeof(DomainRuntime) || type == typeof(BufferHandle);
}
