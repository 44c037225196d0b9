using Microsoft.CodeAnalysis;

namespace ActorInterp.Analyzers;

/// <summary>
/// The library's types the rules look for, resolved once per compilation. A type the compilation does not
/// reference stays null, and the rules that need it stay silent.
/// </summary>
internal sealed class KnownTypes
{
    private KnownTypes(Compilation compilation)
    {
        Domain = compilation.GetTypeByMetadataName("ActorInterp.Domains.Domain");
        SharedBuffer = compilation.GetTypeByMetadataName("ActorInterp.Sharing.SharedBuffer");
        BufferProxy = compilation.GetTypeByMetadataName("ActorInterp.Sharing.BufferProxy");
        BufferHandle = compilation.GetTypeByMetadataName("ActorInterp.Sharing.BufferHandle");
        DomainActorRef = compilation.GetTypeByMetadataName("ActorInterp.Actors.DomainActorRef");
        ChannelSender = compilation.GetTypeByMetadataName("ActorInterp.Actors.ChannelSender`1");
        ChannelReceiver = compilation.GetTypeByMetadataName("ActorInterp.Actors.ChannelReceiver`1");
        ActorExtensions = compilation.GetTypeByMetadataName("ActorInterp.Actors.DomainActorExtensions");
        RuntimeActorExtensions = compilation.GetTypeByMetadataName("ActorInterp.Actors.DomainRuntimeActorExtensions");
        UnboundChannelExtensions = compilation.GetTypeByMetadataName("ActorInterp.Actors.UnboundChannelExtensions");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
        ReceiveActor = compilation.GetTypeByMetadataName("Akka.Actor.ReceiveActor");
        Props = compilation.GetTypeByMetadataName("Akka.Actor.Props");
    }

    internal INamedTypeSymbol? Domain { get; }
    internal INamedTypeSymbol? SharedBuffer { get; }
    internal INamedTypeSymbol? BufferProxy { get; }
    internal INamedTypeSymbol? BufferHandle { get; }
    internal INamedTypeSymbol? DomainActorRef { get; }
    internal INamedTypeSymbol? ChannelSender { get; }
    internal INamedTypeSymbol? ChannelReceiver { get; }
    internal INamedTypeSymbol? ActorExtensions { get; }
    /// <summary>Holds <c>runtime.CreateChannel&lt;T&gt;(capacity, name)</c>.</summary>
    internal INamedTypeSymbol? RuntimeActorExtensions { get; }
    /// <summary>Holds <c>runtime.CreateChannel&lt;T&gt;(capacity, unboundItems, name)</c>.</summary>
    internal INamedTypeSymbol? UnboundChannelExtensions { get; }
    internal INamedTypeSymbol? Task { get; }
    internal INamedTypeSymbol? TaskOfT { get; }
    internal INamedTypeSymbol? ValueTask { get; }
    internal INamedTypeSymbol? ValueTaskOfT { get; }
    internal INamedTypeSymbol? TimeSpan { get; }
    internal INamedTypeSymbol? ReceiveActor { get; }
    internal INamedTypeSymbol? Props { get; }

    internal static KnownTypes From(Compilation compilation) => new(compilation);

    /// <summary>
    /// True when the compilation references the marshalling layer (ActorInterp.Actors): only then do call results
    /// cross by the marshaller's rules, and only then can a type be marked shareable ([Shareable], IShareable).
    /// </summary>
    internal bool HasMarshallingLayer => DomainActorRef is not null;

    /// <summary>True for SharedBuffer, BufferProxy and BufferHandle: the types whose owner must dispose or hand them on.</summary>
    internal bool IsOwnedResource(ITypeSymbol? type) =>
        type is not null
        && (Same(type, SharedBuffer) || Same(type, BufferProxy) || Same(type, BufferHandle));

    internal static bool Same(ITypeSymbol? a, ITypeSymbol? b) =>
        a is not null && b is not null && SymbolEqualityComparer.Default.Equals(a.OriginalDefinition, b.OriginalDefinition);

    /// <summary>True for a type or any of its base types being <paramref name="baseType"/>.</summary>
    internal static bool DerivesFrom(ITypeSymbol? type, ITypeSymbol? baseType)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (Same(t, baseType)) return true;
        return false;
    }
}
