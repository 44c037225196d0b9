using System.Diagnostics.CodeAnalysis;

namespace ActorInterp.Domains;

/// <summary>The one place the Domains layer builds its exceptions, so that messages stay consistent.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    internal static void ThrowDomainClosed(Domain domain, string operation) =>
        throw new DomainClosedException(domain.Name,
            $"Cannot {operation}: domain '{domain.Name}' (#{domain.Id}) is {domain.State.ToString().ToLowerInvariant()}. Create a new domain for new work.");

    [DoesNotReturn]
    internal static void ThrowWrongDomain(Domain domain, string what)
    {
        var current = Domain.Current;
        var where = current is null ? "a thread outside every domain" : $"domain '{current.Name}' (#{current.Id})";
        throw new WrongDomainException(domain.Name,
            $"{what} belongs to domain '{domain.Name}' (#{domain.Id}) and was used from {where}. Run this on '{domain.Name}' with Post, RunAsync or CallAsync.");
    }

    [DoesNotReturn]
    internal static void ThrowSelfClose(Domain domain) =>
        throw new DomainSelfCloseException(domain.Name,
            $"Domain '{domain.Name}' (#{domain.Id}) cannot be closed from its own thread: the close would wait for itself. Close it from another domain or from outside every domain.");

    [DoesNotReturn]
    internal static void ThrowMainClose(Domain domain) =>
        throw new MainDomainCloseException(domain.Name,
            $"The main domain '{domain.Name}' cannot be closed on its own; it closes when its DomainRuntime is disposed.");

    [DoesNotReturn]
    internal static void ThrowLocalOutsideDomains(object local) =>
        throw new WrongDomainException("(none)",
            $"{local} has one value per domain and was used outside every domain. Use it on a domain's thread: inside Post, RunAsync or CallAsync, or in an actor of the domain.");

    [DoesNotReturn]
    internal static void ThrowLocalsFreed(Domain domain, object local) =>
        throw new DomainClosedException(domain.Name,
            $"{local} was used in domain '{domain.Name}' (#{domain.Id}) after it closed: the domain's values were dropped at its close. Keep state that outlives a domain outside it.");

    [DoesNotReturn]
    internal static void ThrowLocalRecursion(object local) =>
        throw new InvalidOperationException(
            $"The initial-value factory of {local} used that same local: it would recurse without end. Build the value without reading or setting the local.");
}
