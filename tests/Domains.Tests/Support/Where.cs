using ActorInterp.Domains;

namespace ActorInterp.Domains.Tests.Support;

/// <summary>Where some code ran: its managed thread and <see cref="Domain.Current"/> there.</summary>
public sealed record Where(int ThreadId, Domain? Domain)
{
    public static Where Here() => new(Environment.CurrentManagedThreadId, Domain.Current);
}
