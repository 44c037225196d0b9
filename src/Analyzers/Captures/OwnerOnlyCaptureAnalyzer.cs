using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActorInterp.Analyzers;

/// <summary>
/// AI0002, first half: a lambda given to one domain variable's RunAsync, CallAsync or Post that captures a
/// local SharedBuffer or BufferProxy whose owner the same method shows to be another domain variable (see
/// <see cref="DomainOwnership.KnownOwner"/>). Such an object is owner-thread only. Where the owner is not
/// shown (a parameter, a field, another method's result) the analyzer stays silent rather than guess. A
/// capture inside a nested lambda given to a domain of its own is that lambda's, not the outer one's.
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
        var domainVariable = DomainOwnership.VariableOf(entry.Instance);
        if (domainVariable is null) return;
        IOperation body = lambda;
        while (body.Parent is not null) body = body.Parent;
        var reported = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var reference in DomainCode.RunningIn(lambda, types).OfType<ILocalReferenceOperation>())
        {
            var local = reference.Local;
            if (Declares(lambda, local) || !(KnownTypes.Same(local.Type, types.SharedBuffer) || KnownTypes.Same(local.Type, types.BufferProxy))) continue;
            if (!reported.Add(local)) continue;
            var owner = DomainOwnership.KnownOwner(local, body, types);
            if (owner is null || SymbolEqualityComparer.Default.Equals(owner, domainVariable)) continue;
            var advice = $"Share({domainVariable.Name}) it on '{owner.Name}' and capture or send the handle, then Open it in the lambda; or capture a copy of the bytes";
            c.ReportDiagnostic(Diagnostic.Create(Descriptors.OwnerOnlyCaptured, reference.Syntax.GetLocation(),
                local.Name, local.Type.Name, $"a lambda given to {domainVariable.Name}.{entry.TargetMethod.Name}, while it belongs to '{owner.Name}'", advice));
        }
    }

    private static bool Declares(IAnonymousFunctionOperation lambda, ILocalSymbol local) =>
        local.DeclaringSyntaxReferences.Any(r => lambda.Syntax.Span.Contains(r.Span));
}
