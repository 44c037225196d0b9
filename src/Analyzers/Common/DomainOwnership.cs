using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActorInterp.Analyzers;

/// <summary>Which domain variable a local's object belongs to, as far as the method that declares it shows.</summary>
internal static class DomainOwnership
{
    /// <summary>
    /// The domain variable that owns every value <paramref name="local"/> gets, when the code says so for each
    /// one: an initializer or assignment inside a lambda given to <c>d.RunAsync/CallAsync/Post</c>, or else from
    /// <c>d.CallAsync(...)</c>. Null when any value comes from elsewhere (a parameter, another method, a
    /// deconstruction, code running on no known domain) or when two owners differ.
    /// </summary>
    internal static ISymbol? KnownOwner(ILocalSymbol local, IOperation body, KnownTypes types)
    {
        var owners = new List<ISymbol?>();
        foreach (var declarator in body.Descendants().OfType<IVariableDeclaratorOperation>())
        {
            if (!SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)) continue;
            var value = declarator.GetVariableInitializer()?.Value;
            // "= null" gives no object, so no owner to agree with.
            if (value is not null && value.ConstantValue is not { HasValue: true, Value: null }) owners.Add(EnclosingDomain(declarator, types) ?? CalledDomain(value, types));
        }
        foreach (var assignment in body.Descendants().OfType<IAssignmentOperation>())
        {
            var assigns = assignment.Target is ILocalReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Local, local)
                || (assignment is IDeconstructionAssignmentOperation && assignment.Target.Descendants().OfType<ILocalReferenceOperation>().Any(r => SymbolEqualityComparer.Default.Equals(r.Local, local)));
            if (!assigns) continue;
            owners.Add(assignment is IDeconstructionAssignmentOperation ? null : EnclosingDomain(assignment, types) ?? CalledDomain(assignment.Value, types));
        }
        if (owners.Count == 0 || owners.Any(o => o is null)) return null;
        return owners.Distinct(SymbolEqualityComparer.Default).Count() == 1 ? owners[0] : null;
    }

    /// <summary>The domain variable of a <c>d.CallAsync(...)</c> that produces <paramref name="value"/> (awaited, maybe wrapped in another call).</summary>
    private static ISymbol? CalledDomain(IOperation value, KnownTypes types) =>
        value.DescendantsAndSelf().OfType<IInvocationOperation>()
            .Where(i => i.TargetMethod.Name == "CallAsync" && KnownTypes.Same(i.TargetMethod.ContainingType, types.Domain))
            .Select(i => VariableOf(i.Instance))
            .FirstOrDefault(v => v is not null);

    /// <summary>The domain variable whose RunAsync/CallAsync/Post lambda <paramref name="operation"/> sits in, if any.</summary>
    internal static ISymbol? EnclosingDomain(IOperation operation, KnownTypes types)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is not IAnonymousFunctionOperation function) continue;
            if (DomainCode.EntryOf(function, types) is { } entry) return VariableOf(entry.Instance);
        }
        return null;
    }

    /// <summary>The variable, parameter, field or property an expression reads (the domain of <c>d.RunAsync</c>), if it is one.</summary>
    internal static ISymbol? VariableOf(IOperation? operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };
}
