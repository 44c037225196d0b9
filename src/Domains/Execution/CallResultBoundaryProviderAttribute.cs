using System.Diagnostics.CodeAnalysis;

namespace ActorInterp.Domains;

/// <summary>
/// Names, on the assembly of the layer that marshals messages between domains, that layer's
/// <see cref="CallResultBoundary"/>: a type with a constructor taking the <see cref="DomainRuntime"/>, made once
/// per runtime. At most one deployed assembly of the family may carry it.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
internal sealed class CallResultBoundaryProviderAttribute(
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.NonPublicConstructors)] Type boundaryType)
    : Attribute
{
    /// <summary>The boundary's type.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.NonPublicConstructors)]
    internal Type BoundaryType { get; } = boundaryType;
}
