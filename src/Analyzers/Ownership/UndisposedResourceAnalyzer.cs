using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ActorInterp.Analyzers;

/// <summary>
/// AI0001: a local SharedBuffer, BufferProxy or BufferHandle made by a call (Allocate, Open, Share, Accept,
/// ReceiveAsync, any factory) or a constructor that is neither disposed on every path (see
/// <see cref="DisposalPaths"/>) nor handed on. Any use of the local as a value (an argument, a return, an
/// assignment, an initializer, a capture by a lambda) hands it on: the analyzer trusts the receiver with the
/// ownership, which keeps it quiet where ownership moves, at the price of missing a leak behind such a use.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UndisposedResourceAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Descriptors.NotDisposed];

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.From(start.Compilation);
            if (types.SharedBuffer is null && types.BufferProxy is null && types.BufferHandle is null) return;
            start.RegisterSyntaxNodeAction(c => Analyze(c, (LocalDeclarationStatementSyntax)c.Node, types), SyntaxKind.LocalDeclarationStatement);
        });
    }

    private static void Analyze(SyntaxNodeAnalysisContext c, LocalDeclarationStatementSyntax declaration, KnownTypes types)
    {
        if (!declaration.UsingKeyword.IsKind(SyntaxKind.None)) return;
        if (declaration.Parent is not BlockSyntax block) return;
        foreach (var variable in declaration.Declaration.Variables)
        {
            if (variable.Initializer is null || !MakesNew(variable.Initializer.Value)) continue;
            if (c.SemanticModel.GetDeclaredSymbol(variable, c.CancellationToken) is not ILocalSymbol local || !types.IsOwnedResource(local.Type)) continue;
            if (HandledOrDisposed(c.SemanticModel, block, declaration, local, c.CancellationToken)) continue;
            c.ReportDiagnostic(Diagnostic.Create(Descriptors.NotDisposed, variable.Identifier.GetLocation(), local.Name, local.Type.Name));
        }
    }

    /// <summary>A new object: a call or a constructor, maybe awaited. A field or parameter read is someone else's.</summary>
    private static bool MakesNew(ExpressionSyntax value)
    {
        while (true)
        {
            switch (value)
            {
                case AwaitExpressionSyntax awaited: value = awaited.Expression; continue;
                case ParenthesizedExpressionSyntax inner: value = inner.Expression; continue;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } bang: value = bang.Operand; continue;
                case InvocationExpressionSyntax invocation:
                    // ConfigureAwait(false) on an awaited factory: look at the factory.
                    if (invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure)
                    {
                        value = configure.Expression;
                        continue;
                    }
                    return true;
                case BaseObjectCreationExpressionSyntax: return true;
                default: return false;
            }
        }
    }

    private static bool HandledOrDisposed(SemanticModel semantics, BlockSyntax block, LocalDeclarationStatementSyntax declaration, ILocalSymbol local, System.Threading.CancellationToken ct)
    {
        var disposeStatements = new HashSet<SyntaxNode>();
        foreach (var reference in block.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (reference.Identifier.ValueText != local.Name || reference.SpanStart < declaration.Span.End) continue;
            if (!SymbolEqualityComparer.Default.Equals(semantics.GetSymbolInfo(reference, ct).Symbol, local)) continue;
            switch (UseOf(reference, block))
            {
                case Use.HandedOn: return true;
                case Use.Dispose when reference.FirstAncestorOrSelf<StatementSyntax>() is ExpressionStatementSyntax statement:
                    disposeStatements.Add(statement);
                    break;
            }
        }
        return disposeStatements.Count > 0 && new DisposalPaths(disposeStatements).DisposedAfter(block.Statements, declaration);
    }

    private enum Use { Plain, Dispose, HandedOn }

    private static Use UseOf(IdentifierNameSyntax reference, BlockSyntax block)
    {
        // A capture by a lambda or local function: its lifetime is not known here, so the capture holds it.
        if (reference.Ancestors().TakeWhile(a => a != block).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            return Use.HandedOn;
        SyntaxNode node = reference;
        while (node.Parent is ParenthesizedExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression })
            node = node.Parent;
        switch (node.Parent)
        {
            case MemberAccessExpressionSyntax member when member.Expression == node:
                return member.Name.Identifier.ValueText switch
                {
                    "Dispose" when member.Parent is InvocationExpressionSyntax => Use.Dispose,
                    // x.Dispose as a method group (holder.RunAsync(proxy.Dispose)): the disposal is handed on.
                    "Dispose" => Use.HandedOn,
                    // Transfer moves the buffer to another domain; Open consumes the handle into a proxy.
                    "Transfer" or "Open" => Use.HandedOn,
                    _ => Use.Plain,
                };
            case ConditionalAccessExpressionSyntax access when access.Expression == node:
                return access.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Dispose" } }
                    ? Use.Dispose
                    : access.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Transfer" or "Open" } }
                        ? Use.HandedOn
                        : Use.Plain;
            case AssignmentExpressionSyntax assignment when assignment.Left == node:
                return Use.Plain;
            case BinaryExpressionSyntax or IsPatternExpressionSyntax:
                return Use.Plain;
            default:
                // An argument, a return, a yield, the right side of an assignment, an initializer, using (x): handed on.
                return Use.HandedOn;
        }
    }
}
