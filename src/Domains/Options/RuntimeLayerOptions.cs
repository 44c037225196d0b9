namespace ActorInterp.Domains;

/// <summary>
/// The base of the settings a layer built on the domain runtime defines for itself. They travel in
/// <see cref="DomainRuntimeOptions.Layers"/>, so that a runtime's settings are given in one place while this
/// layer knows nothing of what they mean; the layer reads its own back with
/// <see cref="DomainRuntimeOptions.GetLayer{T}"/>. Like <see cref="DomainRuntimeOptions"/>, a derived type
/// should be immutable and check each value as it is set.
/// </summary>
public abstract record RuntimeLayerOptions;
