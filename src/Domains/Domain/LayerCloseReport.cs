namespace ActorInterp.Domains;

/// <summary>
/// The base of what a layer built on the domains reports of a domain's close: its part of the
/// <see cref="DomainCloseReport"/> (<see cref="DomainCloseReport.Layers"/>). Each layer defines its own type.
/// </summary>
public abstract record LayerCloseReport
{
    /// <summary>
    /// False when the close took something away from someone still using it (a leak by the holder); the
    /// domain's <see cref="DomainCloseReport.IsClean"/> is false then, and so is its runtime's shutdown report.
    /// </summary>
    public abstract bool IsClean { get; }
}
