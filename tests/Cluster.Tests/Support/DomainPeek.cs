using ActorInterp.Domains;

namespace ActorInterp.Cluster.Tests.Support;

/// <summary>
/// The cluster tests look inside domains: these run code on a domain's thread and hand back what it returns
/// as it is (the domain's own buffers and arrays included), which a call's result could not carry across
/// the domain's boundary. The rules for call results are tested in the Actors tests.
/// </summary>
internal static class DomainPeek
{
    internal static async Task<T> PeekAsync<T>(this Domain domain, Func<T> read)
    {
        T value = default!;
        await domain.RunAsync(() => { value = read(); });
        return value;
    }

    internal static async Task<T> PeekAsync<T>(this Domain domain, Func<Task<T>> read)
    {
        T value = default!;
        await domain.RunAsync(async () => { value = await read(); });
        return value;
    }
}
