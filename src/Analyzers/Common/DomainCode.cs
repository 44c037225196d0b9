using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActorInterp.Analyzers;

/// <summary>Where a piece of code runs, as far as the code itself tells: on a domain's thread, maybe, or not known.</summary>
internal enum Placement
{
    /// <summary>Nothing says the code runs on a domain's thread (or something says it runs elsewhere).</summary>
    Unknown,

    /// <summary>A lambda given to Domain.RunAsync, CallAsync or Post: it runs on that domain's thread.</summary>
    DomainCall,

    /// <summary>A Receive handler of a ReceiveActor: on a domain's thread if the actor is created with Domain.ActorOf.</summary>
    ActorHandler,
}

/// <summary>Finds the lambda an operation runs in and what that lambda is given to.</summary>
internal static class DomainCode
{
    private static readonly string[] DomainEntryPoints = ["RunAsync", "CallAsync", "Post"];
    private static readonly string[] ActorHandlerMethods = ["Receive", "ReceiveAsync", "ReceiveAny", "ReceiveAnyAsync"];

    /// <summary>
    /// Walks out from <paramref name="operation"/> through enclosing lambdas. A lambda given to a method of
    /// Domain places the code on that domain; a lambda given to Task.Run, a thread or the thread pool (or a
    /// local function, whose callers are not known here) places it elsewhere; a lambda given to any other
    /// method (ForEach, Select, ...) is taken to run where its caller runs, and the walk goes on outward.
    /// </summary>
    internal static Placement Find(IOperation operation, KnownTypes types, out string where, out INamedTypeSymbol? actorType, out IAnonymousFunctionOperation? lambda)
    {
        where = "";
        actorType = null;
        lambda = null;
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is ILocalFunctionOperation) return Placement.Unknown;
            if (current is not IAnonymousFunctionOperation function) continue;
            var target = ReceiverOf(function);
            if (target is null) return Placement.Unknown;
            var method = target.TargetMethod;
            if (KnownTypes.Same(method.ContainingType, types.Domain) && DomainEntryPoints.Contains(method.Name))
            {
                where = $"a lambda given to Domain.{method.Name}";
                lambda = function;
                return Placement.DomainCall;
            }
            if (RunsElsewhere(method)) return Placement.Unknown;
            if (ActorHandlerMethods.Contains(method.Name)
                && KnownTypes.DerivesFrom(method.ContainingType, types.ReceiveActor)
                && target.Instance is IInstanceReferenceOperation
                && function.Symbol.ContainingSymbol is IMethodSymbol { ContainingType: INamedTypeSymbol owner })
            {
                actorType = owner;
                where = $"a {method.Name} handler of actor '{owner.Name}', created with Domain.ActorOf";
                lambda = function;
                return Placement.ActorHandler;
            }
        }
        return Placement.Unknown;
    }

    /// <summary>The <c>d.RunAsync/CallAsync/Post</c> call <paramref name="lambda"/> is given to, if it is given to one.</summary>
    internal static IInvocationOperation? EntryOf(IAnonymousFunctionOperation lambda, KnownTypes types) =>
        ReceiverOf(lambda) is { } entry && KnownTypes.Same(entry.TargetMethod.ContainingType, types.Domain) && DomainEntryPoints.Contains(entry.TargetMethod.Name)
            ? entry
            : null;

    /// <summary>
    /// The operations in <paramref name="lambda"/>'s body that run on its domain: all of them but those inside a
    /// nested lambda given to a domain of its own (RunAsync/CallAsync/Post), which are that lambda's.
    /// </summary>
    internal static IEnumerable<IOperation> RunningIn(IAnonymousFunctionOperation lambda, KnownTypes types)
    {
        var pending = new Stack<IOperation>();
        pending.Push(lambda.Body);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            yield return current;
            foreach (var child in current.ChildOperations)
            {
                if (child is IAnonymousFunctionOperation nested && EntryOf(nested, types) is not null) continue;
                pending.Push(child);
            }
        }
    }

    /// <summary>The invocation a lambda is passed to as an argument, if it is.</summary>
    internal static IInvocationOperation? ReceiverOf(IAnonymousFunctionOperation function)
    {
        var parent = function.Parent;
        while (parent is IDelegateCreationOperation or IConversionOperation) parent = parent.Parent;
        return parent is IArgumentOperation { Parent: IInvocationOperation invocation } ? invocation : null;
    }

    private static bool RunsElsewhere(IMethodSymbol method)
    {
        var type = method.ContainingType?.ToDisplayString() ?? "";
        return (type is "System.Threading.Tasks.Task" && method.Name is "Run")
            || (type is "System.Threading.Tasks.TaskFactory" or "System.Threading.Tasks.TaskFactory<TResult>" && method.Name is "StartNew")
            || (type is "System.Threading.ThreadPool" && method.Name.StartsWith("QueueUserWorkItem", System.StringComparison.Ordinal))
            || (type.StartsWith("System.Threading.Tasks.Task", System.StringComparison.Ordinal) && method.Name is "ContinueWith");
    }
}
