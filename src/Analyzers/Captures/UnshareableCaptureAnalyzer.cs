using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActorInterp.Analyzers;

/// <summary>
/// AI0002, second half: a lambda given to <c>d.RunAsync</c>, <c>CallAsync</c> or <c>Post</c> captures a local or a
/// parameter whose static type the marshaller would refuse as a message (see <see cref="Shareability"/>). The
/// lambda runs on the domain's thread and a capture is not marshalled, so the object ends up in two threads'
/// hands. Left out: types made for use by several threads at once (see <see cref="MadeForThreads"/>), and an
/// object the code shows to belong to the lambda's own domain (<see cref="ConfinedToTarget"/>). Only in a
/// project that references the marshalling layer, whose rules these are (and whose marks make a type shareable).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnshareableCaptureAnalyzer : DiagnosticAnalyzer
{
    /// <summary>
    /// Refused as messages, but made to be used by several threads at once, which is what a capture does:
    /// tasks (awaited on another domain), the concurrent collections, delegates (the delegate object itself
    /// never changes), and a buffer's transfer, which exists to be accepted on its target's thread.
    /// </summary>
    private static readonly string[] ThreadSafeFamilies =
    [
        "ActorInterp.Sharing.BufferTransfer",
        "System.Threading.Tasks.Task", "System.Threading.Tasks.ValueTask", "System.Threading.Tasks.ValueTask`1", "System.Delegate",
        "System.Collections.Concurrent.ConcurrentDictionary`2", "System.Collections.Concurrent.ConcurrentQueue`1",
        "System.Collections.Concurrent.ConcurrentStack`1", "System.Collections.Concurrent.ConcurrentBag`1",
        "System.Collections.Concurrent.BlockingCollection`1",
    ];

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Descriptors.UnshareableCaptured];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.From(start.Compilation);
            if (types.Domain is null || !types.HasMarshallingLayer) return;
            var shareability = new Shareability();
            start.RegisterOperationAction(c => Analyze(c, (IAnonymousFunctionOperation)c.Operation, types, shareability), OperationKind.AnonymousFunction);
        });
    }

    private static void Analyze(OperationAnalysisContext c, IAnonymousFunctionOperation lambda, KnownTypes types, Shareability shareability)
    {
        if (DomainCode.EntryOf(lambda, types) is not { } entry) return;
        var reported = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        IOperation root = lambda;
        while (root.Parent is not null) root = root.Parent;
        foreach (var operation in DomainCode.RunningIn(lambda, types))
        {
            ISymbol symbol;
            ITypeSymbol type;
            if (operation is ILocalReferenceOperation local) (symbol, type) = (local.Local, local.Local.Type);
            else if (operation is IParameterReferenceOperation parameter) (symbol, type) = (parameter.Parameter, parameter.Parameter.Type);
            else continue;
            if (!IsCaptured(lambda, symbol) || MadeForThreads(type) || !reported.Add(symbol)) continue;
            var verdict = shareability.Of(type);
            if (verdict.Kind != VerdictKind.Refused || ConfinedToTarget(symbol, entry, root, types)) continue;
            var domain = entry.Instance?.Syntax.ToString() ?? "a domain";
            c.ReportDiagnostic(Diagnostic.Create(Descriptors.UnshareableCaptured, operation.Syntax.GetLocation(),
                symbol.Name, type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                $"a lambda given to {domain}.{entry.TargetMethod.Name}", Shareability.Describe(type, verdict), verdict.Why));
        }
    }

    /// <summary>True for a local or parameter declared outside <paramref name="lambda"/> (its own parameters and locals are not captures).</summary>
    private static bool IsCaptured(IAnonymousFunctionOperation lambda, ISymbol symbol)
    {
        foreach (var declaration in symbol.DeclaringSyntaxReferences)
            if (lambda.Syntax.Span.Contains(declaration.Span) && lambda.Syntax.SyntaxTree == declaration.SyntaxTree) return false;
        return true;
    }

    /// <summary>
    /// True when the captured object belongs to the domain the lambda runs on, so only that domain's thread uses
    /// it: the domain is reached through the object itself (<c>worker.Domain.Post(() =&gt; worker.Run())</c>), or
    /// every value of the local was made in lambdas given to that same domain variable.
    /// </summary>
    private static bool ConfinedToTarget(ISymbol symbol, IInvocationOperation entry, IOperation root, KnownTypes types)
    {
        var instance = entry.Instance;
        while (instance is IMemberReferenceOperation { Instance: { } inner }) instance = inner;
        if (SymbolEqualityComparer.Default.Equals(DomainOwnership.VariableOf(instance), symbol)) return true;
        return symbol is ILocalSymbol local
               && DomainOwnership.VariableOf(entry.Instance) is { } domain
               && SymbolEqualityComparer.Default.Equals(DomainOwnership.KnownOwner(local, root, types), domain);
    }

    private static bool MadeForThreads(ITypeSymbol type)
    {
        foreach (var family in ThreadSafeFamilies)
            if (SymbolTypeFacts.Instance.IsAssignableTo(type, family)) return true;
        return false;
    }
}
