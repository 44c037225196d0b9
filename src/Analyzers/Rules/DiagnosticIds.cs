namespace ActorInterp.Analyzers;

/// <summary>The stable ids of the ActorInterp diagnostics; an id is never reused for another rule.</summary>
public static class DiagnosticIds
{
    /// <summary>A proxy, handle or shared buffer not disposed.</summary>
    public const string NotDisposed = "AI0001";

    /// <summary>An owner-only object, or a value that is not shareable, captured into another domain's code.</summary>
    public const string CapturedAcrossDomains = "AI0002";

    /// <summary>A message, channel item, call result or answer whose type cannot cross to another domain.</summary>
    public const string UnshareableMessage = "AI0003";

    /// <summary>Writing a frozen or transferred buffer.</summary>
    public const string FrozenWrite = "AI0004";

    /// <summary>Blocking a domain's thread.</summary>
    public const string BlockingOnDomainThread = "AI0005";
}
