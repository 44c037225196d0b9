using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActorInterp.Analyzers;

/// <summary>
/// AI0005: a blocking wait (a channel's Send(item, timeout) or Receive(timeout), Task.Wait, .Result,
/// GetAwaiter().GetResult()) in code that runs on a domain's thread: a lambda given to Domain.RunAsync,
/// CallAsync or Post, or a Receive handler of an actor that the same compilation creates with Domain.ActorOf.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCallAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property of a diagnostic naming the async form its code fix writes ("SendAsync", "ReceiveAsync").</summary>
    internal const string AsyncFormKey = "AsyncForm";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Descriptors.BlockingOnDomainThread];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.From(start.Compilation);
            if (types.Domain is null) return;
            // Actor handlers are reported at the end, once every ActorOf of the compilation has been seen.
            var placedActors = new ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);
            var handlerFindings = new ConcurrentBag<(INamedTypeSymbol Actor, Diagnostic Finding)>();
            start.RegisterOperationAction(c =>
            {
                var invocation = (IInvocationOperation)c.Operation;
                if (ActorPlacement.PlacedActor(invocation, types) is { } placed) placedActors.TryAdd(placed, true);
                Check(c, invocation, Describe(invocation, types), types, handlerFindings);
            }, OperationKind.Invocation);
            start.RegisterOperationAction(c => Check(c, c.Operation, Describe((IPropertyReferenceOperation)c.Operation, types), types, handlerFindings), OperationKind.PropertyReference);
            start.RegisterCompilationEndAction(end =>
            {
                foreach (var (actor, finding) in handlerFindings)
                    if (placedActors.ContainsKey(actor)) end.ReportDiagnostic(finding);
            });
        });
    }

    private static void Check(OperationAnalysisContext c, IOperation operation, BlockingCall? call, KnownTypes types,
        ConcurrentBag<(INamedTypeSymbol, Diagnostic)> handlerFindings)
    {
        if (call is null) return;
        var placement = DomainCode.Find(operation, types, out var where, out var actor, out _);
        if (placement == Placement.Unknown) return;
        var properties = call.AsyncForm is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(AsyncFormKey, call.AsyncForm);
        var finding = Diagnostic.Create(Descriptors.BlockingOnDomainThread, operation.Syntax.GetLocation(), properties,
            call.Shown, where, call.Advice);
        if (placement == Placement.DomainCall) c.ReportDiagnostic(finding);
        else handlerFindings.Add((actor!, finding));
    }

    private static BlockingCall? Describe(IInvocationOperation invocation, KnownTypes types)
    {
        var method = invocation.TargetMethod;
        var owner = method.ContainingType;
        var takesTimeout = method.Parameters.Any(p => KnownTypes.Same(p.Type, types.TimeSpan));
        if (method.Name == "Send" && takesTimeout && KnownTypes.Same(owner, types.ChannelSender))
            return new("Send(item, timeout)", "await SendAsync(item) instead (in an async lambda)", "SendAsync");
        if (method.Name == "Receive" && takesTimeout && KnownTypes.Same(owner, types.ChannelReceiver))
            return new("Receive(timeout)", "await ReceiveAsync() instead (in an async lambda)", "ReceiveAsync");
        if (method.Name is "Wait" or "WaitAll" or "WaitAny" && KnownTypes.DerivesFrom(owner, types.Task))
            return new($"Task.{method.Name}()", "await the task instead (Task.WhenAll / WhenAny for several)", null);
        if (method.Name == "GetResult" && IsAwaiter(owner) && invocation.Instance is IInvocationOperation { TargetMethod.Name: "GetAwaiter" })
            return new("GetAwaiter().GetResult()", "await the task instead", null);
        return null;
    }

    private static BlockingCall? Describe(IPropertyReferenceOperation reference, KnownTypes types)
    {
        var owner = reference.Property.ContainingType;
        return reference.Property.Name == "Result"
            && (KnownTypes.DerivesFrom(owner, types.TaskOfT) || KnownTypes.Same(owner, types.ValueTaskOfT))
            ? new BlockingCall(".Result", "await the task instead", null)
            : null;
    }

    private static bool IsAwaiter(INamedTypeSymbol? type) =>
        type is not null
        && type.Name.EndsWith("Awaiter", System.StringComparison.Ordinal)
        && type.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices";

    private sealed class BlockingCall(string shown, string advice, string? asyncForm)
    {
        internal string Shown { get; } = shown;
        internal string Advice { get; } = advice;
        internal string? AsyncForm { get; } = asyncForm;
    }
}
