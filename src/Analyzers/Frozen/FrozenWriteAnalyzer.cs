using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActorInterp.Analyzers;

/// <summary>
/// AI0004: SharedBuffer.Span or Memory (the writable views) read after a Share or Transfer of the same
/// buffer earlier in the same function. Share freezes the buffer and Transfer detaches it, so the getter
/// throws. "Earlier" is by position, in the same method or lambda, with no new value assigned to the variable
/// in between; a write in a loop before a share that a later iteration reaches is not seen.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FrozenWriteAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Descriptors.FrozenWrite];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.From(start.Compilation);
            if (types.SharedBuffer is null) return;
            start.RegisterOperationAction(c => Analyze(c, (IPropertyReferenceOperation)c.Operation, types), OperationKind.PropertyReference);
        });
    }

    private static void Analyze(OperationAnalysisContext c, IPropertyReferenceOperation write, KnownTypes types)
    {
        if (write.Property.Name is not ("Span" or "Memory") || !KnownTypes.Same(write.Property.ContainingType, types.SharedBuffer)) return;
        var buffer = VariableOf(write.Instance);
        if (buffer is null) return;
        var function = EnclosingFunction(write);
        IOperation top = write;
        while (top.Parent is not null) top = top.Parent;
        var start = write.Syntax.SpanStart;
        var freeze = top.Descendants()
            .OfType<IInvocationOperation>()
            .Where(i => i.TargetMethod.Name is "Share" or "Transfer"
                && KnownTypes.Same(i.TargetMethod.ContainingType, types.SharedBuffer)
                && i.Syntax.SpanStart < start
                && SymbolEqualityComparer.Default.Equals(VariableOf(i.Instance), buffer)
                && EnclosingFunction(i) == function)
            .OrderByDescending(i => i.Syntax.SpanStart)
            .FirstOrDefault();
        if (freeze is null) return;
        var reassigned = top.Descendants().OfType<ISimpleAssignmentOperation>().Any(a =>
            a.Syntax.SpanStart > freeze.Syntax.SpanStart && a.Syntax.SpanStart < start
            && SymbolEqualityComparer.Default.Equals(VariableOf(a.Target), buffer));
        if (reassigned) return;
        c.ReportDiagnostic(Diagnostic.Create(Descriptors.FrozenWrite, write.Syntax.GetLocation(),
            buffer.Name, write.Property.Name, freeze.TargetMethod.Name));
    }

    /// <summary>The local, parameter or field (of this instance) a buffer expression names; null for anything else.</summary>
    private static ISymbol? VariableOf(IOperation? operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
        _ => null,
    };

    private static IOperation? EnclosingFunction(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation) return current;
        return null;
    }
}
