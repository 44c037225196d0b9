using ActorInterp.Actors;
using ActorInterp.Cluster;
using ActorInterp.Domains;
using Akka.Actor;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorInterp.Cluster.Tests.Support;

/// <summary>One cluster node of a test: an actor system on 127.0.0.1 (free port), a domain runtime, its exchange.</summary>
/// <remarks>
/// Safe for use from any thread (its parts are thread-safe; Killed is written once, by the test), so the tests'
/// domain code may use a node it captures: marked shareable, as the marshaller and the analyzers (AI0002) read it.
/// </remarks>
[Shareable]
public sealed class TestNode : IAsyncDisposable
{
    private TestNode(ActorSystem system, DomainRuntime runtime, ClusterExchange exchange)
    {
        System = system;
        Runtime = runtime;
        Exchange = exchange;
    }

    public ActorSystem System { get; }

    public DomainRuntime Runtime { get; }

    public ClusterExchange Exchange { get; }

    public Address Address => Exchange.SelfAddress;

    public bool Killed { get; private set; }

    public AkkaCluster Cluster => AkkaCluster.Get(System);

    public static async Task<TestNode> StartAsync(string name, Address? seed, bool fastFailure, ClusterExchangeOptions? options = null)
    {
        var config = ClusterNodeConfig.Create(port: 0, stableAfter: TimeSpan.FromSeconds(fastFailure ? 1 : 5),
            fastFailureDetection: fastFailure, leaveOnTerminate: false);
        var system = ActorSystem.Create("cluster-test", config);
        var cluster = AkkaCluster.Get(system);
        cluster.Join(seed ?? cluster.SelfAddress);
        var runtime = new DomainRuntime(system, new DomainRuntimeOptions { DefaultCloseTimeout = TimeSpan.FromSeconds(10) });
        var exchange = await ClusterExchange.StartAsync(runtime, options);
        return new TestNode(system, runtime, exchange);
    }

    /// <summary>Stops the node abruptly: its actor system terminates without leaving the cluster.</summary>
    public async Task KillAsync()
    {
        Killed = true;
        await System.Terminate();
    }

    public async ValueTask DisposeAsync()
    {
        if (Killed) return;
        await Exchange.DisposeAsync();
        await Runtime.ShutdownAsync(TimeSpan.FromSeconds(5));
        await System.Terminate();
    }
}
