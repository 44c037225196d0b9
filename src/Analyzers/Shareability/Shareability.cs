using System.Collections.Concurrent;
using System.Collections.Generic;
using ActorInterp.Actors.Rules;
using Microsoft.CodeAnalysis;

namespace ActorInterp.Analyzers;

/// <summary>
/// Whether values of a static type can cross to another domain, for one compilation. Plans are built as the
/// marshaller's PlanCache builds them, from the same rules (<see cref="ShareRules"/>); a value is then judged as
/// the marshaller would walk one whose every object has exactly its declared type and no field is null. Where
/// the marshaller would look at a value's own type (a field declared as an interface, an abstract class or
/// object; a type parameter), the verdict is <see cref="VerdictKind.Undecided"/>. Thread-safe.
/// </summary>
internal sealed class Shareability
{
    private static readonly SymbolTypeFacts Facts = SymbolTypeFacts.Instance;

    private readonly object _buildGate = new();
    private readonly Dictionary<ITypeSymbol, StaticPlan> _plans = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ITypeSymbol, StaticPlan> _building = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ITypeSymbol, Verdict> _verdicts = new(SymbolEqualityComparer.Default);

    /// <summary>The verdict on a value whose static type is <paramref name="type"/>.</summary>
    internal Verdict Of(ITypeSymbol type) => _verdicts.GetOrAdd(type, t =>
    {
        if (ShareRules.Declared(t, Facts, out var exact) == DeclaredKind.Pass) return Verdict.Crosses;
        if (CannotDecide(exact)) return Verdict.Undecided;
        StaticPlan plan;
        lock (_buildGate) plan = Build(exact);
        return Judge(plan, []);
    });

    /// <summary>
    /// The refused part of a value of <paramref name="type"/> as NotShareableException names it: the full name of
    /// the refused type, after the path to it when it is a part (<c>Order.Lines[]: System.Int32[]</c>).
    /// </summary>
    internal static string Describe(ITypeSymbol type, Verdict refusal) =>
        refusal.Path.Length == 0 ? refusal.RefusedType! : Facts.DisplayName(type) + refusal.Path + ": " + refusal.RefusedType;

    /// <summary>The full name of a type as NotShareableException writes it (namespace, then the display name).</summary>
    internal static string FullName(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array) return FullName(array.ElementType) + "[" + new string(',', array.Rank - 1) + "]";
        var outermost = type;
        while (outermost.ContainingType is { } outer) outermost = outer;
        var ns = outermost.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? Facts.DisplayName(type) : ns.ToDisplayString() + "." + Facts.DisplayName(type);
    }

    /// <summary>
    /// True when the static type leaves the value's own type open: object, an interface, an abstract class (a
    /// delegate type's values are all refused, so those decide), a type parameter, or a type that does not resolve.
    /// </summary>
    private static bool CannotDecide(ITypeSymbol type) =>
        type.TypeKind is TypeKind.TypeParameter or TypeKind.Error or TypeKind.Dynamic
        || type.SpecialType == SpecialType.System_Object
        || (Facts.IsAbstract(type) && !Facts.IsAssignableTo(type, "System.Delegate"));

    private Verdict Judge(StaticPlan plan, HashSet<ITypeSymbol> onPath)
    {
        switch (plan.Kind)
        {
            case StaticKind.Pass:
            case StaticKind.Owned:
            case StaticKind.Proxy:
                return Verdict.Crosses;
            case StaticKind.Unknown:
                return Verdict.Undecided;
            case StaticKind.Array:
            case StaticKind.Unshareable:
                return Verdict.Refused(plan.Why!, FullName(plan.Type));
            case StaticKind.Dynamic:
                if (CannotDecide(plan.Type)) return Verdict.Undecided;
                StaticPlan exact;
                lock (_buildGate) exact = Build(plan.Type);
                return Judge(exact, onPath);
            case StaticKind.Collection:
                var element = Judge(plan.Element!, onPath);
                return element.Kind == VerdictKind.Refused ? element.Under("[]") : element;
            default:
                return JudgeRecord(plan, onPath);
        }
    }

    private Verdict JudgeRecord(StaticPlan plan, HashSet<ITypeSymbol> onPath)
    {
        // A type met again inside itself: the value ends somewhere (a null), so the inner one adds nothing.
        if (!onPath.Add(plan.Type)) return Verdict.Crosses;
        try
        {
            var verdict = plan.FieldsComplete ? Verdict.Crosses : Verdict.Undecided;
            foreach (var field in plan.Fields)
            {
                var part = Judge(field.Plan, onPath);
                if (part.Kind == VerdictKind.Refused) return part.Under("." + field.Name);
                if (part.Kind == VerdictKind.Undecided) verdict = Verdict.Undecided;
            }
            return verdict;
        }
        finally
        {
            onPath.Remove(plan.Type);
        }
    }

    // The rest mirrors PlanCache: ForDeclared, Build, Analyse. Runs under _buildGate.

    private StaticPlan ForDeclared(ITypeSymbol declared) =>
        ShareRules.Declared(declared, Facts, out var exact) switch
        {
            DeclaredKind.Pass => new StaticPlan(exact, StaticKind.Pass),
            DeclaredKind.Exact => Build(exact),
            _ => new StaticPlan(exact, StaticKind.Dynamic),
        };

    private StaticPlan Build(ITypeSymbol type)
    {
        if (_plans.TryGetValue(type, out var done)) return done;
        if (_building.TryGetValue(type, out var inProgress)) return inProgress;
        var plan = new StaticPlan(type, StaticKind.Record);
        _building.Add(type, plan);
        try
        {
            Analyse(plan);
        }
        finally
        {
            _building.Remove(type);
        }
        _plans[type] = plan;
        return plan;
    }

    private void Analyse(StaticPlan plan)
    {
        if (plan.Type.TypeKind is TypeKind.TypeParameter or TypeKind.Error or TypeKind.Dynamic)
        {
            plan.Kind = StaticKind.Unknown;
            return;
        }
        var decision = ShareRules.Decide(plan.Type, Facts);
        switch (decision.Kind)
        {
            case ShapeKind.Pass:
                plan.Kind = StaticKind.Pass;
                return;
            case ShapeKind.Owned:
                plan.Kind = StaticKind.Owned;
                return;
            case ShapeKind.Proxy:
                plan.Kind = StaticKind.Proxy;
                return;
            case ShapeKind.Array:
                plan.Kind = StaticKind.Array;
                plan.Element = ForDeclared(decision.Element!);
                plan.Why = decision.Why;
                return;
            case ShapeKind.Collection:
                AnalyseCollection(plan, decision.Key, decision.Element!);
                return;
            case ShapeKind.Refused:
                plan.Kind = StaticKind.Unshareable;
                plan.Why = decision.Why;
                return;
            default:
                AnalyseFields(plan, decision.Fields, decision.FieldsComplete);
                return;
        }
    }

    private void AnalyseCollection(StaticPlan plan, ITypeSymbol? key, ITypeSymbol element)
    {
        plan.Element = ForDeclared(element);
        if (key is not null)
        {
            var keyPass = ForDeclared(key).IsPass;
            if (keyPass is null)
            {
                plan.Kind = StaticKind.Unknown;
                return;
            }
            if (keyPass == false)
            {
                plan.Kind = StaticKind.Unshareable;
                plan.Why = ShareRules.KeysWhy(Facts.DisplayName(key));
                return;
            }
        }
        plan.Kind = plan.Element.Kind == StaticKind.Pass ? StaticKind.Pass : StaticKind.Collection;
    }

    private void AnalyseFields(StaticPlan plan, IReadOnlyList<FieldFact<ITypeSymbol>> fields, bool complete)
    {
        var work = new List<StaticField>();
        foreach (var field in fields)
        {
            var fieldPlan = ForDeclared(field.Type);
            if (fieldPlan.Kind == StaticKind.Pass) continue;
            work.Add(new StaticField(field.DisplayName, fieldPlan));
        }
        plan.Fields = [.. work];
        plan.FieldsComplete = complete;
        plan.Kind = work.Count == 0 && complete ? StaticKind.Pass : StaticKind.Record;
    }
}
