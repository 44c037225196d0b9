using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ActorInterp.Analyzers;

/// <summary>
/// AI0003: what is sent to another domain has a static type the marshaller refuses under the default copy
/// policy (Refuse): the message of <c>DomainActorRef.Tell/Forward/Ask</c>, the answer type of <c>Ask&lt;T&gt;</c>,
/// the item of <c>ChannelSender&lt;T&gt;.Send/TrySend/SendAsync</c>, the item type of <c>runtime.CreateChannel&lt;T&gt;</c>
/// (every item is marshalled at its send), the result type of <c>Domain.CallAsync&lt;T&gt;</c>
/// (in a project that references the marshalling layer: without it, results do not cross by its rules).
/// The verdict comes from <see cref="Shareability"/>, which applies the marshaller's rules; a static type that
/// leaves the value's own type open (object, an interface, an abstract class, a type parameter) is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnshareableMessageAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Descriptors.UnshareableMessage];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.From(start.Compilation);
            if (types.DomainActorRef is null && types.ChannelSender is null && types.Domain is null) return;
            var shareability = new Shareability();
            start.RegisterOperationAction(c => Analyze(c, (IInvocationOperation)c.Operation, types, shareability), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext c, IInvocationOperation invocation, KnownTypes types, Shareability shareability)
    {
        var method = invocation.TargetMethod;
        var owner = method.ContainingType;
        if (KnownTypes.Same(owner, types.DomainActorRef) && method.Name is "Tell" or "Forward" or "Ask")
        {
            if (Argument(invocation, "message") is { } message)
                Check(c, shareability, StaticTypeOf(message), message.Syntax, "The message", method.Name + " throws");
            if (method.Name == "Ask" && method.TypeArguments.Length == 1)
                Check(c, shareability, method.TypeArguments[0], TypeArgumentSyntax(invocation), "The answer", "the reply fails with");
        }
        else if (KnownTypes.Same(owner, types.ChannelSender) && method.Name is "Send" or "TrySend" or "SendAsync")
        {
            if (Argument(invocation, "item") is { } item)
                Check(c, shareability, StaticTypeOf(item), item.Syntax, "The item", method.Name + " throws");
        }
        else if (method.Name == "CreateChannel" && method.TypeArguments.Length == 1
                 && (KnownTypes.Same(owner, types.RuntimeActorExtensions) || KnownTypes.Same(owner, types.UnboundChannelExtensions)))
        {
            Check(c, shareability, method.TypeArguments[0], TypeArgumentSyntax(invocation), "A channel item", "each send throws");
        }
        else if (types.HasMarshallingLayer && KnownTypes.Same(owner, types.Domain) && method.Name == "CallAsync" && method.TypeArguments.Length == 1
                 && !IntoItsOwnDomain(invocation, types))
        {
            Check(c, shareability, method.TypeArguments[0], ResultSyntax(invocation), "The result", "the call's task fails with");
        }
    }

    /// <summary>A call made from a lambda given to the same domain variable: the result stays in that domain, as it is.</summary>
    private static bool IntoItsOwnDomain(IInvocationOperation call, KnownTypes types) =>
        DomainOwnership.VariableOf(call.Instance) is { } called
        && SymbolEqualityComparer.Default.Equals(DomainOwnership.EnclosingDomain(call, types), called);

    private static void Check(OperationAnalysisContext c, Shareability shareability, ITypeSymbol? type, SyntaxNode where, string what, string consequence)
    {
        if (type is null) return;
        var verdict = shareability.Of(type);
        if (verdict.Kind != VerdictKind.Refused) return;
        c.ReportDiagnostic(Diagnostic.Create(Descriptors.UnshareableMessage, where.GetLocation(),
            what, type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat), Shareability.Describe(type, verdict), verdict.Why, consequence));
    }

    private static IOperation? Argument(IInvocationOperation invocation, string parameter)
    {
        foreach (var argument in invocation.Arguments)
            if (argument.Parameter?.Name == parameter) return argument.Value;
        return null;
    }

    /// <summary>The type of the value as written, before its conversion to the parameter's type (object, or T).</summary>
    private static ITypeSymbol? StaticTypeOf(IOperation value)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion) value = conversion.Operand;
        return value.Type;
    }

    /// <summary>Where to report an answer or item type: the type argument as written, else the method's name.</summary>
    private static SyntaxNode TypeArgumentSyntax(IInvocationOperation invocation) =>
        NameOf(invocation) is GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic
            ? generic.TypeArgumentList.Arguments[0]
            : NameOf(invocation) ?? invocation.Syntax;

    /// <summary>Where to report a call's result: the body of an expression lambda, else the method's name.</summary>
    private static SyntaxNode ResultSyntax(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value.Syntax is LambdaExpressionSyntax { ExpressionBody: { } body }) return body;
        }
        return NameOf(invocation) ?? invocation.Syntax;
    }

    private static SimpleNameSyntax? NameOf(IInvocationOperation invocation) =>
        (invocation.Syntax as InvocationExpressionSyntax)?.Expression switch
        {
            MemberAccessExpressionSyntax member => member.Name,
            SimpleNameSyntax name => name,
            _ => null,
        };
}
