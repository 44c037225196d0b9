using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActorInterp.Analyzers.CodeFixes;

/// <summary>
/// Fixes AI0005 for the channel calls: <c>Send(item, timeout)</c> becomes <c>await SendAsync(item)</c> and
/// <c>Receive(timeout)</c> becomes <c>await ReceiveAsync()</c>, and the lambda becomes async. Offered only
/// when the call sits directly in a lambda given to Domain.RunAsync or CallAsync: both have an overload for an
/// async lambda, while Post takes only an Action (an async void lambda would lose its exceptions). The
/// timeout is dropped: the async forms wait without holding the thread, and take a CancellationToken for a bound.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AsyncChannelCallFix)), Shared]
public sealed class AsyncChannelCallFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.BlockingOnDomainThread];

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var diagnostic = context.Diagnostics[0];
        if (!diagnostic.Properties.TryGetValue(BlockingCallAnalyzer.AsyncFormKey, out var asyncForm) || asyncForm is null) return;
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semantics = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semantics is null) return;
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call
            || call.Expression is not MemberAccessExpressionSyntax member) return;
        var lambda = call.FirstAncestorOrSelf<AnonymousFunctionExpressionSyntax>();
        if (lambda is null || !GivenToAsyncCapableEntry(lambda, semantics, context.CancellationToken)) return;
        context.RegisterCodeFix(
            CodeAction.Create($"Use await {asyncForm}", ct => Rewrite(context.Document, root, lambda, call, member, asyncForm, ct), nameof(AsyncChannelCallFix)),
            diagnostic);
    }

    private static bool GivenToAsyncCapableEntry(AnonymousFunctionExpressionSyntax lambda, SemanticModel semantics, CancellationToken ct) =>
        lambda.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax entry } }
        && semantics.GetSymbolInfo(entry, ct).Symbol is IMethodSymbol { Name: "RunAsync" or "CallAsync" } method
        && method.ContainingType.ToDisplayString() == "ActorInterp.Domains.Domain";

    private static Task<Document> Rewrite(Document document, SyntaxNode root, AnonymousFunctionExpressionSyntax lambda,
        InvocationExpressionSyntax call, MemberAccessExpressionSyntax member, string asyncForm, CancellationToken ct)
    {
        // Send keeps its item (the first argument); Receive takes none. The timeout goes.
        var arguments = asyncForm == "SendAsync" ? call.ArgumentList.Arguments.Take(1) : [];
        var asyncCall = InvocationExpression(member.WithName(IdentifierName(asyncForm)), ArgumentList(SeparatedList(arguments)));
        ExpressionSyntax awaited = AwaitExpression(asyncCall);
        if (call.Parent is MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or ConditionalAccessExpressionSyntax or InvocationExpressionSyntax)
            awaited = ParenthesizedExpression(awaited);
        var newLambda = lambda.ReplaceNode(call, awaited.WithTriviaFrom(call));
        if (newLambda.AsyncKeyword.IsKind(SyntaxKind.None))
        {
            var leading = newLambda.GetLeadingTrivia();
            newLambda = newLambda.WithoutLeadingTrivia()
                .WithAsyncKeyword(Token(SyntaxKind.AsyncKeyword).WithLeadingTrivia(leading).WithTrailingTrivia(Space));
        }
        return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(lambda, newLambda)));
    }
}
