using ActorInterp.Actors;
using ActorInterp.Cluster;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using ActorInterp.TestSupport;
using Akka.Actor;
using Akka.Cluster;
using Xunit;

namespace ActorInterp.Cluster.Tests.Support;

/// <summary>Starts real nodes on 127.0.0.1 and waits with the shared kit's dilated bounds (a step may take 30 s here, before dilation).</summary>
public abstract class ClusterTestBase : ActorInterpTestKit, IAsyncLifetime
{
    private readonly List<TestNode> _nodes = [];

    /// <summary>Forming a cluster and failure detection on a loaded two-core machine take longer than a step in one process.</summary>
    protected override TimeSpan LongBound => TimeSpan.FromSeconds(30);

    /// <summary>Starts <paramref name="count"/> nodes (the first is the seed and the oldest) and waits until each sees all of them up.</summary>
    protected async Task<TestNode[]> StartClusterAsync(int count, bool fastFailure = false, Func<int, ClusterExchangeOptions?>? options = null)
    {
        var first = await TestNode.StartAsync("node-1", null, fastFailure, options?.Invoke(0));
        _nodes.Add(first);
        for (var i = 1; i < count; i++) _nodes.Add(await TestNode.StartAsync($"node-{i + 1}", first.Address, fastFailure, options?.Invoke(i)));
        var nodes = _nodes.ToArray();
        // Every exchange must also have seen every member up before lending to it.
        await AwaitConditionAsync(() => Task.FromResult(nodes.All(n =>
            n.Cluster.State.Members.Count(m => m.Status == MemberStatus.Up) == count)), Long, TimeSpan.FromMilliseconds(50));
        await AwaitAssertAsync(async () =>
        {
            foreach (var n in nodes) await n.Exchange.Mirror.PeekAsync(() => 0); // exchange turns have run
            foreach (var n in nodes) Assert.True(await n.Exchange.KnowsMembersAsync(nodes.Select(x => x.Address)));
        }, Long, TimeSpan.FromMilliseconds(50));
        return nodes;
    }

    /// <summary>Starts two nodes (see <see cref="StartClusterAsync"/>): the first is the seed.</summary>
    protected async Task<(TestNode A, TestNode B)> StartTwoNodesAsync(bool fastFailure = false)
    {
        var nodes = await StartClusterAsync(2, fastFailure);
        return (nodes[0], nodes[1]);
    }

    /// <summary>Allocates and fills a buffer owned by <paramref name="owner"/> and keeps the owner's handle.</summary>
    protected static Task<SharedBuffer> FillAsync(Domain owner, int length, Func<int, byte> pattern) => owner.PeekAsync(() =>
    {
        var buffer = SharedBuffer.Allocate(length);
        var span = buffer.Span;
        for (var i = 0; i < span.Length; i++) span[i] = pattern(i);
        return buffer;
    });

    protected static byte Pattern(int i) => (byte)(i * 31 + (i >> 8));

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Stops the nodes the test started, the youngest first.</summary>
    public virtual async Task DisposeAsync()
    {
        foreach (var node in _nodes.AsEnumerable().Reverse()) await node.DisposeAsync();
    }

    /// <summary>A reference, usable from node <paramref name="from"/>, to <paramref name="actor"/> on node <paramref name="to"/>.</summary>
    protected static DomainActorRef RemoteRef(TestNode from, TestNode to, DomainActorRef actor) =>
        DomainActorRef.Resolve(from.Runtime, new RootActorPath(to.Address) / "user" / actor.Path.Name, actor.DomainId, actor.DomainName);

    /// <summary>Places an actor named <paramref name="name"/> in a new domain of node <paramref name="on"/> and gives node <paramref name="from"/> a reference to it.</summary>
    protected static DomainActorRef PlaceOn(TestNode from, TestNode on, string name, Props props) =>
        RemoteRef(from, on, on.Runtime.CreateDomain(name).ActorOf(props, name));
}
