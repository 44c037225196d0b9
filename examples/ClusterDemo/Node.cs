using ActorInterp.Actors.Cluster;
using ActorInterp.Domains;
using Akka.Actor;
using Akka.Configuration;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ClusterDemo;

/// <summary>One cluster node: an actor system on 127.0.0.1, a domain runtime, and its buffer exchange.</summary>
internal sealed class Node : IAsyncDisposable
{
    public const string SystemName = "clusterdemo";

    private Node(string label, ActorSystem system, DomainRuntime runtime, ClusterExchange exchange)
    {
        Label = label;
        System = system;
        Runtime = runtime;
        Exchange = exchange;
    }

    /// <summary>Akka's own log level for the demo's nodes (--akka-log); OFF keeps node shutdowns quiet.</summary>
    public static string AkkaLogLevel { get; set; } = "OFF";

    public string Label { get; }

    public ActorSystem System { get; }

    public DomainRuntime Runtime { get; }

    public ClusterExchange Exchange { get; }

    public Address Address => Exchange.SelfAddress;

    public bool Killed { get; private set; }

    /// <param name="join">Join this address by code (null with <paramref name="seeds"/>: configuration joins).</param>
    public static async Task<Node> StartAsync(string label, string role, int port, IEnumerable<string>? seeds, Address? join, bool fast, bool leaveOnTerminate)
    {
        Config config = ClusterNodeConfig.Create(port: port, seedNodes: seeds, roles: [role],
            stableAfter: TimeSpan.FromSeconds(fast ? 1 : 5), fastFailureDetection: fast, leaveOnTerminate: leaveOnTerminate,
            logLevel: AkkaLogLevel);
        var system = ActorSystem.Create(SystemName, config);
        if (join is not null) AkkaCluster.Get(system).Join(join);
        var runtime = new DomainRuntime(system);
        var exchange = await ClusterExchange.StartAsync(runtime);
        return new Node(label, system, runtime, exchange);
    }

    /// <summary>Terminates the node's actor system without leaving the cluster, as a crash would.</summary>
    public Task KillAsync()
    {
        Killed = true;
        return System.Terminate();
    }

    public async ValueTask DisposeAsync()
    {
        if (Killed) return;
        await Exchange.DisposeAsync();
        await Runtime.ShutdownAsync(TimeSpan.FromSeconds(5));
        await System.Terminate();
    }
}
