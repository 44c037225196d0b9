namespace ActorInterp.Analyzers;

/// <summary>The stable ids of the ActorInterp diagnostics; an id is never reused for another rule.</summary>
public static class DiagnosticIds
{
    /// <summary>A proxy, handle or shared buffer not disposed.</summary>
    public const string NotDisposed = "AI0001";

    /// <summary>An owner-only object captured into another domain's code.</summary>
    public const string OwnerOnlyCaptured = "AI0002";

    /// <summary>Writing a frozen or transferred buffer.</summary>
    public const string FrozenWrite = "AI0004";

    /// <summary>Blocking a domain's thread.</summary>
    public const string BlockingOnDomainThread = "AI0005";
}
