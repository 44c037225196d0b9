using System.Collections.Concurrent;
using ActorInterp.Actors;
using ActorInterp.Cluster;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using ActorInterp.TestSupport;

namespace ActorInterp.Cluster.Tests.Support;

/// <summary>A domain bound as an endpoint: opens every delivery into a proxy, checks its bytes, and keeps it until told.</summary>
/// <remarks>
/// Safe for use from any thread: its proxies are touched on its own domain's thread only, what it received is
/// in a concurrent queue, and the rest never changes. So the tests' domain code may use a holder it captures:
/// marked shareable, as the marshaller and the analyzers (AI0002) read it.
/// </remarks>
[Shareable]
public sealed class Holder
{
    private readonly List<BufferProxy> _proxies = []; // holder's thread only
    private readonly ConcurrentQueue<(string Tag, ulong Checksum, int Length)> _received = new();

    public Holder(TestNode node, string name, Action<Holder, BufferProxy, RemoteDelivery>? onOpened = null)
    {
        Node = node;
        Domain = node.Runtime.CreateDomain(name);
        Endpoint = node.Exchange.Endpoint(name);
        node.Exchange.Bind(name, Domain, delivery =>
        {
            var proxy = delivery.Handle.Open();
            _received.Enqueue((delivery.Tag, Checksum64.Compute(proxy.Span), proxy.Length));
            _proxies.Add(proxy);
            onOpened?.Invoke(this, proxy, delivery);
        });
    }

    public TestNode Node { get; }

    public Domain Domain { get; }

    public RemoteEndpoint Endpoint { get; }

    public IReadOnlyCollection<(string Tag, ulong Checksum, int Length)> Received => _received.ToArray();

    public Task<int> HeldAsync() => Domain.PeekAsync(() => _proxies.Count);

    /// <summary>Runs <paramref name="read"/> over every held proxy on the holder's thread.</summary>
    public Task<T[]> ReadAsync<T>(Func<BufferProxy, T> read) => Domain.PeekAsync(() => _proxies.Select(read).ToArray());

    public Task ReleaseAllAsync() => Domain.RunAsync(() =>
    {
        foreach (var p in _proxies) p.Dispose();
        _proxies.Clear();
    });

    public Task ReleaseOneAsync() => Domain.RunAsync(() =>
    {
        _proxies[0].Dispose();
        _proxies.RemoveAt(0);
    });
}
