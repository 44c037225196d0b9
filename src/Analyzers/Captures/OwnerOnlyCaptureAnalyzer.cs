using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActorInterp.Analyzers;

/// <summary>
/// AI0002: a lambda given to Domain.RunAsync, CallAsync or Post that captures a SharedBuffer or BufferProxy
/// (a local, a parameter, or a field of this object). Such an object is owner-thread only. One pattern is
/// known to be right and is not reported: a variable whose value came from a CallAsync of the same domain
/// variable (<c>var b = await d.CallAsync(() =&gt; SharedBuffer.Allocate(n)); d.RunAsync(() =&gt; b.Span...)</c>),
/// because then that domain owns it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OwnerOnlyCaptureAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] Entries = ["RunAsync", "CallAsync", "Post"];

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
        var entry = DomainCode.ReceiverOf(lambda);
        if (entry is null || !KnownTypes.Same(entry.TargetMethod.ContainingType, types.Domain) || !Entries.Contains(entry.TargetMethod.Name)) return;
        var domainVariable = VariableOf(entry.Instance);
        var reported = new System.Collections.Generic.HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var reference in lambda.Body.Descendants())
        {
            var (symbol, type) = reference switch
            {
                ILocalReferenceOperation local when !Declares(lambda, local.Local) => ((ISymbol)local.Local, local.Local.Type),
                IParameterReferenceOperation parameter when !SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, lambda.Symbol)
                    && !InsideNestedFunction(parameter, lambda) => (parameter.Parameter, parameter.Parameter.Type),
                IFieldReferenceOperation { Instance: IInstanceReferenceOperation } field => (field.Field, field.Field.Type),
                _ => ((ISymbol?)null, (ITypeSymbol?)null),
            };
            if (symbol is null || !(KnownTypes.Same(type, types.SharedBuffer) || KnownTypes.Same(type, types.BufferProxy))) continue;
            if (!reported.Add(symbol) || CameFromSameDomain(symbol, domainVariable, c)) continue;
            var advice = KnownTypes.Same(type, types.SharedBuffer)
                ? $"Share(target) it and send or capture the handle, and Open it in the lambda; or capture a copy of the bytes (ToArray)"
                : $"Share(target) it and capture the handle, and Open it in the lambda; or capture a copy of the bytes (ToArray)";
            c.ReportDiagnostic(Diagnostic.Create(Descriptors.OwnerOnlyCaptured, reference.Syntax.GetLocation(),
                symbol.Name, type!.Name, $"a lambda given to Domain.{entry.TargetMethod.Name}", advice));
        }
    }

    private static bool Declares(IAnonymousFunctionOperation lambda, ILocalSymbol local) =>
        local.DeclaringSyntaxReferences.Any(r => lambda.Syntax.Span.Contains(r.Span));

    private static bool InsideNestedFunction(IOperation operation, IAnonymousFunctionOperation lambda)
    {
        for (var current = operation.Parent; current is not null && current != lambda; current = current.Parent)
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation) return true;
        return false;
    }

    /// <summary>True when every value given to <paramref name="symbol"/> in source comes from <c>domain.CallAsync(...)</c> of the same domain variable.</summary>
    private static bool CameFromSameDomain(ISymbol symbol, ISymbol? domainVariable, OperationAnalysisContext c)
    {
        if (domainVariable is null || symbol is not ILocalSymbol) return false;
        var initializers = symbol.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(c.CancellationToken))
            .OfType<VariableDeclaratorSyntax>()
            .Select(d => d.Initializer?.Value)
            .ToList();
        if (initializers.Count == 0 || initializers.Any(v => v is null)) return false;
        var model = c.Operation.SemanticModel;
        if (model is null) return false;
        return initializers.All(value => value!.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Any(call =>
            call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CallAsync" } member
            && model.SyntaxTree == call.SyntaxTree
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(member.Expression, c.CancellationToken).Symbol, domainVariable)));
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
