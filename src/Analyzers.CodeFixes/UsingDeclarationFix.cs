using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ActorInterp.Analyzers.CodeFixes;

/// <summary>
/// Fixes AI0001 by turning the declaration into a using declaration (<c>using var b = ...;</c>): the local is
/// disposed when its block ends, on every path, exceptions included. Offered for a declaration of one variable
/// directly in a block (a using declaration cannot stand directly in a switch section).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UsingDeclarationFix)), Shared]
public sealed class UsingDeclarationFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = [DiagnosticIds.NotDisposed];

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var diagnostic = context.Diagnostics[0];
        var declaration = root?.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>();
        if (root is null || declaration is null || declaration.Parent is not BlockSyntax || declaration.Declaration.Variables.Count != 1) return;
        context.RegisterCodeFix(
            CodeAction.Create("Dispose with a using declaration", _ =>
            {
                var leading = declaration.GetLeadingTrivia();
                var rewritten = declaration.WithoutLeadingTrivia()
                    .WithUsingKeyword(Token(SyntaxKind.UsingKeyword).WithLeadingTrivia(leading).WithTrailingTrivia(Space));
                return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(declaration, rewritten)));
            }, nameof(UsingDeclarationFix)),
            diagnostic);
    }
}
