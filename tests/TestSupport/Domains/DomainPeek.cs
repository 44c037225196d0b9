using ActorInterp.Domains;

namespace ActorInterp.TestSupport;

/// <summary>
/// Tests that look inside domains: these run code on a domain's thread and hand back what it returns as it is
/// (the domain's own buffers, proxies and arrays included), which a call's result could not carry across the
/// domain's boundary. The rules for call results are tested in the Actors tests.
/// </summary>
public static class DomainPeek
{
    /// <summary>Runs <paramref name="read"/> on <paramref name="domain"/>'s thread and returns its value unchecked.</summary>
    public static async Task<T> PeekAsync<T>(this Domain domain, Func<T> read)
    {
        T value = default!;
        await domain.RunAsync(() => { value = read(); });
        return value;
    }

    /// <summary>Runs <paramref name="read"/> on <paramref name="domain"/>'s thread (its awaits resume there) and returns its value unchecked.</summary>
    public static async Task<T> PeekAsync<T>(this Domain domain, Func<Task<T>> read)
    {
        T value = default!;
        await domain.RunAsync(async () => { value = await read(); });
        return value;
    }
}
