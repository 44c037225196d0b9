using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ActorInterp.Analyzers;

/// <summary>
/// Whether the statements after a declaration dispose a local on every normal path. Normal paths only: a
/// throw is not followed (an exception that leaves the method is a bug of its own, and the finalizer returns
/// the borrow then). A dispose counts when it is a statement of its own in the same block, in a finally, in
/// both branches of an if/else, or in the body of a using, lock or try; a dispose in a loop does not (the
/// loop may not run), nor one in only one branch. A return, or a break/continue out of the block, before the
/// dispose is a path without it.
/// </summary>
internal sealed class DisposalPaths(ISet<SyntaxNode> disposeStatements)
{
    /// <summary>True when the statements of <paramref name="block"/> after <paramref name="declaration"/> dispose on every path.</summary>
    internal bool DisposedAfter(SyntaxList<StatementSyntax> block, StatementSyntax declaration) =>
        DisposesInSequence(block.SkipWhile(s => s != declaration).Skip(1));

    private bool DisposesInSequence(IEnumerable<StatementSyntax> statements)
    {
        foreach (var statement in statements)
        {
            if (AlwaysDisposes(statement)) return true;
            if (LeavesUndisposed(statement)) return false;
        }
        return false;
    }

    private bool AlwaysDisposes(StatementSyntax statement) => statement switch
    {
        ExpressionStatementSyntax => disposeStatements.Contains(statement),
        BlockSyntax block => DisposesInSequence(block.Statements),
        IfStatementSyntax { Else: { } otherwise } choice => AlwaysDisposes(choice.Statement) && AlwaysDisposes(otherwise.Statement),
        TryStatementSyntax attempt => (attempt.Finally is { } last && AlwaysDisposes(last.Block)) || (!LeavesEarly(attempt.Block) && AlwaysDisposes(attempt.Block)),
        UsingStatementSyntax { Statement: { } body } => AlwaysDisposes(body),
        LockStatementSyntax { Statement: { } body } => AlwaysDisposes(body),
        CheckedStatementSyntax { Block: { } body } => AlwaysDisposes(body),
        UnsafeStatementSyntax { Block: { } body } => AlwaysDisposes(body),
        LabeledStatementSyntax { Statement: { } body } => AlwaysDisposes(body),
        _ => false,
    };

    /// <summary>
    /// True when some path through <paramref name="statement"/> leaves the block (return, break, continue) without
    /// disposing first: <c>if (done) { x.Dispose(); return; }</c> leaves disposed. Blocks and ifs are followed
    /// path by path; any other statement that holds an exit counts as leaving undisposed.
    /// </summary>
    private bool LeavesUndisposed(StatementSyntax statement)
    {
        switch (statement)
        {
            case ReturnStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or YieldStatementSyntax { RawKind: (int)SyntaxKind.YieldBreakStatement }:
                return true;
            case BlockSyntax block:
                foreach (var inner in block.Statements)
                {
                    if (AlwaysDisposes(inner)) return false;
                    if (LeavesUndisposed(inner)) return true;
                }
                return false;
            case IfStatementSyntax choice:
                return LeavesUndisposed(choice.Statement) || (choice.Else is { } otherwise && LeavesUndisposed(otherwise.Statement));
            default:
                return LeavesEarly(statement);
        }
    }

    /// <summary>True when <paramref name="statement"/> holds a return, or a break/continue that leaves it, outside nested functions.</summary>
    private static bool LeavesEarly(StatementSyntax statement) =>
        statement.DescendantNodesAndSelf(node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .Any(node => node switch
            {
                ReturnStatementSyntax or YieldStatementSyntax { RawKind: (int)SyntaxKind.YieldBreakStatement } => true,
                BreakStatementSyntax or ContinueStatementSyntax => !node.Ancestors().TakeWhile(a => a != statement.Parent)
                    .Any(a => a is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax or SwitchStatementSyntax),
                _ => false,
            });
}
