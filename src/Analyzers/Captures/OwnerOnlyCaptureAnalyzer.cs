using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActorInterp.Analyzers;

/// <summary>
/// AI0002: a lambda given to one domain variable's RunAsync, CallAsync or Post that captures a local
/// SharedBuffer or BufferProxy whose owner the same method shows to be another domain variable (see
/// <see cref="KnownOwner"/>). Such an object is owner-thread only. Where the owner is not shown (a parameter,
/// a field, a helper's result) the analyzer stays silent rather than guess. A capture inside a nested lambda
/// given to a domain of its own is that lambda's, not the outer one's.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OwnerOnlyCaptureAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Descriptors.OwnerOnlyCaptured];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.From(start.Compilation);
            if (types.Domain is null || (types.SharedBuffer is null && types.BufferProxy is null)) return;
            start.RegisterOperationAction(c => Analyze(c, (IAnonymousFunctionOperation)c.Operation, types), OperationKind.AnonymousFunction);
        });
    }

    private static void Analyze(OperationAnalysisContext c, IAnonymousFunctionOperation lambda, KnownTypes types)
    {
        var entry = DomainCode.EntryOf(lambda, types);
        if (entry is null) return;
        var domainVariable = VariableOf(entry.Instance);
        if (domainVariable is null) return;
        IOperation body = lambda;
        while (body.Parent is not null) body = body.Parent;
        var reported = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var reference in DomainCode.RunningIn(lambda, types).OfType<ILocalReferenceOperation>())
        {
            var local = reference.Local;
            if (Declares(lambda, local) || !(KnownTypes.Same(local.Type, types.SharedBuffer) || KnownTypes.Same(local.Type, types.BufferProxy))) continue;
            if (!reported.Add(local)) continue;
            var owner = KnownOwner(local, body, types, c.CancellationToken);
            if (owner is null || SymbolEqualityComparer.Default.Equals(owner, domainVariable)) continue;
            var advice = $"Share({domainVariable.Name}) it on '{owner.Name}' and capture or send the handle, then Open it in the lambda; or capture a copy of the bytes";
            c.ReportDiagnostic(Diagnostic.Create(Descriptors.OwnerOnlyCaptured, reference.Syntax.GetLocation(),
                local.Name, local.Type.Name, $"a lambda given to {domainVariable.Name}.{entry.TargetMethod.Name}, while it belongs to '{owner.Name}'", advice));
        }
    }

    private static bool Declares(IAnonymousFunctionOperation lambda, ILocalSymbol local) =>
        local.DeclaringSyntaxReferences.Any(r => lambda.Syntax.Span.Contains(r.Span));

    /// <summary>
    /// The domain variable that owns every value <paramref name="local"/> gets, when the code says so for each
    /// one: an initializer or assignment from <c>d.CallAsync(...)</c>, or an assignment inside a lambda given to
    /// <c>d.RunAsync/CallAsync/Post</c>. Null when any value comes from elsewhere (a parameter, a helper, a
    /// deconstruction, code running on no known domain) or when two owners differ.
    /// </summary>
    private static ISymbol? KnownOwner(ILocalSymbol local, IOperation body, KnownTypes types, System.Threading.CancellationToken ct)
    {
        var owners = new List<ISymbol?>();
        foreach (var declarator in body.Descendants().OfType<IVariableDeclaratorOperation>())
        {
            if (!SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)) continue;
            var value = declarator.GetVariableInitializer()?.Value;
            // "= null" gives no object, so no owner to agree with.
            if (value is not null && value.ConstantValue is not { HasValue: true, Value: null }) owners.Add(CalledDomain(value, types));
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

    /// <summary>The domain variable of a <c>d.CallAsync(...)</c> that produces <paramref name="value"/> (awaited, maybe wrapped in a helper call).</summary>
    private static ISymbol? CalledDomain(IOperation value, KnownTypes types) =>
        value.DescendantsAndSelf().OfType<IInvocationOperation>()
            .Where(i => i.TargetMethod.Name == "CallAsync" && KnownTypes.Same(i.TargetMethod.ContainingType, types.Domain))
            .Select(i => VariableOf(i.Instance))
            .FirstOrDefault(v => v is not null);

    /// <summary>The domain variable whose RunAsync/CallAsync/Post lambda <paramref name="operation"/> sits in, if any.</summary>
    private static ISymbol? EnclosingDomain(IOperation operation, KnownTypes types)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is not IAnonymousFunctionOperation function) continue;
            if (DomainCode.EntryOf(function, types) is { } entry) return VariableOf(entry.Instance);
        }
        return null;
    }

    private static ISymbol? VariableOf(IOperation? operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };
}
