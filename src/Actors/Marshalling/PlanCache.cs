using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using ActorInterp.Actors.Rules;

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
    private static TypePlan ForDeclared(Type declared) =>
        ShareRules.Declared(declared, RuntimeTypeFacts.Instance, out var exact) switch
        {
            DeclaredKind.Pass => PassPlan(exact),
            DeclaredKind.Exact => Build(exact),
            _ => TypePlan.Dynamic,
        };

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

    // What a type is comes from the rules shared with the analyzer (ShareRules); what is done with it is decided here.
    private static void Analyse(TypePlan plan)
    {
        var decision = ShareRules.Decide(plan.Type, RuntimeTypeFacts.Instance);
        switch (decision.Kind)
        {
            case ShapeKind.Pass:
                plan.Kind = PlanKind.Pass;
                return;
            case ShapeKind.Owned:
                plan.Kind = PlanKind.Owned;
                return;
            case ShapeKind.Proxy:
                plan.Kind = PlanKind.Proxy;
                return;
            case ShapeKind.Array:
                plan.Kind = PlanKind.Array;
                plan.Element = ForDeclared(decision.Element!);
                plan.Why = decision.Why;
                return;
            case ShapeKind.Collection:
                AnalyseCollection(plan, decision.Key, decision.Element!);
                return;
            case ShapeKind.Refused:
                Refuse(plan, decision.Why!);
                return;
            default:
                AnalyseFields(plan, decision.Fields);
                return;
        }
    }

    private static void AnalyseCollection(TypePlan plan, Type? keyType, Type elementType)
    {
        plan.Element = ForDeclared(elementType);
        if (keyType is not null && !ForDeclared(keyType).IsPass)
        {
            Refuse(plan, ShareRules.KeysWhy(TypeNames.Of(keyType)));
            return;
        }
        plan.Shape = CollectionShape.For(plan.Type, out _, out _)
                     ?? throw new InvalidOperationException($"The sharing rules name {TypeNames.Of(plan.Type, full: true)} an immutable collection, but the marshaller has no shape to walk it; add one to CollectionShape.For.");
        plan.Kind = plan.Element.IsPass ? PlanKind.Pass : PlanKind.Collection;
    }

    // The rules have checked that a class's fields are read-only; here each field gets the plan of its declared type.
    private static void AnalyseFields(TypePlan plan, IReadOnlyList<FieldFact<Type>> fields)
    {
        var work = new List<FieldPlan>();
        foreach (var field in fields)
        {
            var fieldPlan = ForDeclared(field.Type);
            if (fieldPlan.IsPass) continue;
            var info = (FieldInfo)field.Member!;
            work.Add(new FieldPlan(field.DisplayName, fieldPlan, FieldAccess.Getter(info), FieldAccess.Setter(info)));
        }
        plan.Fields = [.. work];
        plan.Kind = work.Count == 0 ? PlanKind.Pass : PlanKind.Record;
    }

    private static void Refuse(TypePlan plan, string why)
    {
        plan.Kind = PlanKind.Unshareable;
        plan.Why = why;
    }
}
