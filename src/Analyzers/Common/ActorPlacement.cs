using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ActorInterp.Analyzers;

/// <summary>Finds the actor type a Domain.ActorOf call places on a domain.</summary>
internal static class ActorPlacement
{
    /// <summary>
    /// The actor type of <c>domain.ActorOf&lt;TActor&gt;()</c>, <c>domain.ActorOf(Props.Create&lt;TActor&gt;(...))</c>
    /// or <c>domain.ActorOf(Props.Create(() =&gt; new TActor(...)))</c>; null for any other call, or for props
    /// made elsewhere (the analyzer cannot follow them).
    /// </summary>
    internal static INamedTypeSymbol? PlacedActor(IInvocationOperation invocation, KnownTypes types)
    {
        var method = invocation.TargetMethod;
        if (method.Name != "ActorOf" || !KnownTypes.Same(method.ContainingType, types.ActorExtensions)) return null;
        if (method.TypeArguments.Length == 1) return method.TypeArguments[0] as INamedTypeSymbol;
        var props = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "props")?.Value;
        while (props is IConversionOperation conversion) props = conversion.Operand;
        if (props is not IInvocationOperation { TargetMethod.Name: "Create" } create || !KnownTypes.Same(create.TargetMethod.ContainingType, types.Props))
            return null;
        if (create.TargetMethod.TypeArguments.Length == 1) return create.TargetMethod.TypeArguments[0] as INamedTypeSymbol;
        return null;
    }
}
