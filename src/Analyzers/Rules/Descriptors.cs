using Microsoft.CodeAnalysis;

namespace ActorInterp.Analyzers;

/// <summary>The diagnostics of the ActorInterp analyzers: stable ids, each with a docs page of its own.</summary>
public static class Descriptors
{
    private const string Category = "ActorInterp.Ownership";

    /// <summary>Where the rule pages live, relative to the repository root; each page is named for its id.</summary>
    internal const string HelpBase = "docs/analyzers/";

    /// <summary>AI0001: a proxy, handle or shared buffer that is neither disposed on every path nor handed on.</summary>
    public static readonly DiagnosticDescriptor NotDisposed = new(
        DiagnosticIds.NotDisposed,
        "Proxy, handle or shared buffer not disposed",
        "'{0}' ({1}) is neither disposed on every path nor returned, stored, passed on or sent: dispose it (a using declaration) or hand it on, or its borrow stays out until the finalizer runs",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A SharedBuffer, BufferProxy or BufferHandle holds a borrow or a pooled buffer; an owner that drops it without Dispose keeps the owner's buffer frozen and out of its pool until a finalizer runs.",
        helpLinkUri: HelpBase + DiagnosticIds.NotDisposed + ".md");

    /// <summary>AI0002: an owner-only SharedBuffer or BufferProxy captured into a lambda that runs on a domain's thread.</summary>
    public static readonly DiagnosticDescriptor OwnerOnlyCaptured = new(
        DiagnosticIds.CapturedAcrossDomains,
        "Owner-only object captured into another domain's code",
        "'{0}' ({1}) is captured by {2}: a {1} is used on its owner's thread only and throws WrongDomainException on another domain's; {3}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A SharedBuffer belongs to the domain that allocated or accepted it and a BufferProxy to the domain that opened it; code given to another domain must receive a handle (Share(target)) and open it there, or a copy.",
        helpLinkUri: HelpBase + DiagnosticIds.CapturedAcrossDomains + ".md");

    /// <summary>AI0002: a captured local or parameter whose type the marshaller would not let cross, in a lambda that runs on a domain's thread.</summary>
    public static readonly DiagnosticDescriptor UnshareableCaptured = new(
        DiagnosticIds.CapturedAcrossDomains,
        "Value that is not shareable captured into another domain's code",
        "'{0}' ({1}) is captured by {2}, which runs on that domain's thread while this code keeps the same object: {3} is not shareable ({4}); give the lambda an immutable value or a copy, or send the value as a message",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A lambda given to Domain.RunAsync, CallAsync or Post runs on that domain's thread; a captured object is not marshalled, so an object the marshaller would refuse (it can change, or is live) ends up used by two threads at once. Shareability follows the marshaller's own rules.",
        helpLinkUri: HelpBase + DiagnosticIds.CapturedAcrossDomains + ".md");

    /// <summary>AI0003: a message, channel item, call result or Ask answer whose static type the marshaller refuses under the default copy policy.</summary>
    public static readonly DiagnosticDescriptor UnshareableMessage = new(
        DiagnosticIds.UnshareableMessage,
        "Message type that cannot cross a domain boundary",
        "{0} of type '{1}' cannot cross to another domain: {2} is not shareable ({3}); {4} NotShareableException unless the target copies (CopyPolicy.Copy). Send immutable values (records with init-only members, immutable collections) or shared buffers, or mark the type [Shareable].",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The marshaller lets a value cross from one domain to another as it is only when it cannot change; buffers are lent; anything else is refused under CopyPolicy.Refuse, the default. The rule applies the marshaller's own rules to the static type of what is sent.",
        helpLinkUri: HelpBase + DiagnosticIds.UnshareableMessage + ".md");

    /// <summary>AI0004: writing a buffer through Span or Memory after it was shared or transferred in the same method.</summary>
    public static readonly DiagnosticDescriptor FrozenWrite = new(
        DiagnosticIds.FrozenWrite,
        "Writing a frozen or transferred buffer",
        "'{0}.{1}' is written after '{0}.{2}' in the same method: a shared buffer is frozen (BufferFrozenException) and a transferred one is detached (ObjectDisposedException); write before sharing, or read through ReadOnlySpan",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Share freezes a buffer for as long as any borrow is out and Transfer detaches the sender's SharedBuffer; the writable Span and Memory throw from then on.",
        helpLinkUri: HelpBase + DiagnosticIds.FrozenWrite + ".md");

    /// <summary>AI0005: a blocking call in code that runs on a domain's thread.</summary>
    public static readonly DiagnosticDescriptor BlockingOnDomainThread = new(
        DiagnosticIds.BlockingOnDomainThread,
        "Blocking a domain's thread",
        "'{0}' blocks the thread of the domain this code runs on ({1}): nothing else runs in that domain meanwhile, and a wait on work of the same domain never ends; {2}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A domain runs its calls, actors and continuations one at a time on one thread; a blocking wait there stalls the whole domain and deadlocks when the awaited work needs the same thread.",
        helpLinkUri: HelpBase + DiagnosticIds.BlockingOnDomainThread + ".md");
}
