using System.Diagnostics.CodeAnalysis;

// CA1001 asks a type that owns a disposable field to be disposable itself. These two own one that holds nothing
// to release: no timer, no linked parent and no wait handle is ever asked of them, so an undisposed one is
// collected like any object. A domain ends by its close, not by Dispose; a domain's thread ends with the domain.
[assembly: SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Scope = "type", Target = "~T:ActorInterp.Domains.Domain",
    Justification = "Its CancellationTokenSource has no timer, no linked parent and no wait handle: nothing to release.")]
[assembly: SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
    Scope = "type", Target = "~T:ActorInterp.Domains.DomainThread",
    Justification = "Its SemaphoreSlim is never asked for AvailableWaitHandle, so it holds no kernel object.")]
