namespace ActorInterp.Actors;

/// <summary>
/// Marks a type whose instances may cross from one domain to another as they are, because they never
/// change after construction (or are safe for concurrent use). The marshaller trusts the mark and does not
/// look inside: a buffer stored in a marked type is not found and not shared, so keep buffers in records
/// that are not marked.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false)]
public sealed class ShareableAttribute : Attribute
{
}
