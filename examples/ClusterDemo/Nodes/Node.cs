using ActorInterp.Actors;
using ActorInterp.Cluster;
using ActorInterp.Domains;
using Akka;
using Akka.Actor;
using Akka.Configuration;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ClusterDemo;

/// <summary>One cluster node: an actor system on 127.0.0.1, a domain runtime, and its buffer exchange.</summary>
/// <remarks>
/// Safe for use from any thread (its parts are thread-safe; its release starts once, under a lock; Killed is
/// written once), so domain code may use a node it captures: marked shareable, as the marshaller and the
/// analyzers (AI0002) read it.
/// </remarks>
[Shareable]
internal sealed class Node : IAsyncDisposable
{
    public const string SystemName = "clusterdemo";

    private readonly TaskCompletionSource<CoordinatedShutdown.Reason> _shutdownBegan = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _releaseGate = new();
    private Task<RuntimeShutdownReport>? _release;

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

    /// <summary>Completes with the reason when the node's coordinated shutdown begins: this node was downed, or it is leaving.</summary>
    public Task<CoordinatedShutdown.Reason> ShutdownBegan => _shutdownBegan.Task;

    /// <param name="join">Join this address by code (null with <paramref name="seeds"/>: configuration joins).</param>
    public static async Task<Node> StartAsync(string label, string role, int port, IEnumerable<string>? seeds, Address? join, bool fast, bool leaveOnTerminate)
    {
        Config config = ClusterNodeConfig.Create(port: port, seedNodes: seeds, roles: [role],
            stableAfter: TimeSpan.FromSeconds(fast ? 1 : 5), fastFailureDetection: fast, leaveOnTerminate: leaveOnTerminate,
            logLevel: AkkaLogLevel);
        return await StartAsync(label, config, join);
    }

    /// <summary>
    /// A node of its own process (<c>--role</c>): found unreachable after <see cref="ProcessTiming.Unreachable"/>
    /// of silence, unreachable nodes downed after <see cref="ProcessTiming.StableAfter"/> more, and a node that is
    /// downed or leaves runs Akka's coordinated shutdown, which first stops the exchange and the domains
    /// (<see cref="ReleaseAsync"/>) and then terminates the actor system.
    /// </summary>
    public static async Task<Node> StartProcessAsync(string role, int port, string? seed)
    {
        var timing = ConfigurationFactory.ParseString($$"""
            akka.cluster {
              failure-detector {
                heartbeat-interval = {{ProcessTiming.Heartbeat.TotalMilliseconds}}ms
                acceptable-heartbeat-pause = {{ProcessTiming.Unreachable.TotalMilliseconds}}ms
                expected-response-after = 1s
              }
              gossip-interval = 500ms
              leader-actions-interval = 500ms
              unreachable-nodes-reaper-interval = 500ms
            }
            # .NET's address reuse on Linux is SO_REUSEPORT too: a second node could listen on a port in use.
            akka.remote.dot-netty.tcp.tcp-reuse-addr = off
            akka.coordinated-shutdown.phases {
              before-cluster-shutdown.timeout = {{ProcessTiming.ReleaseBound.TotalMilliseconds}}ms
              cluster-leave.timeout = {{ProcessTiming.LeaveBound.TotalMilliseconds}}ms
              cluster-exiting.timeout = {{ProcessTiming.LeaveBound.TotalMilliseconds}}ms
            }
            """);
        var config = timing.WithFallback(ClusterNodeConfig.Create(port: port, seedNodes: seed is null ? null : [seed], roles: [role],
            stableAfter: ProcessTiming.StableAfter, leaveOnTerminate: true, logLevel: AkkaLogLevel));
        var node = await StartAsync(role, config, join: null);
        var shutdown = CoordinatedShutdown.Get(node.System);
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "clusterdemo-shutdown-began", () =>
        {
            node._shutdownBegan.TrySetResult(shutdown.ShutdownReason ?? CoordinatedShutdown.UnknownReason.Instance);
            return Task.FromResult(Done.Instance);
        });
        // Before the node leaves: the exchange gives back what it lent and holds, the domains drain and report.
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeClusterShutdown, "clusterdemo-release-domains", async () =>
        {
            await node.ReleaseAsync();
            return Done.Instance;
        });
        return node;
    }

    private static async Task<Node> StartAsync(string label, Config config, Address? join)
    {
        var system = ActorSystem.Create(SystemName, config);
        try
        {
            if (join is not null) AkkaCluster.Get(system).Join(join);
            var runtime = new DomainRuntime(system);
            var exchange = await ClusterExchange.StartAsync(runtime);
            return new Node(label, system, runtime, exchange);
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    /// <summary>Stops the exchange, then shuts the domains down and reports what they left (once; later calls get the same report).</summary>
    public Task<RuntimeShutdownReport> ReleaseAsync()
    {
        lock (_releaseGate)
        {
            return _release ??= ReleaseCoreAsync();
        }
    }

    private async Task<RuntimeShutdownReport> ReleaseCoreAsync()
    {
        await Exchange.DisposeAsync();
        return await Runtime.ShutdownAsync(ProcessTiming.DrainBound);
    }

    /// <summary>
    /// Ends a process node: runs the coordinated shutdown (leave the cluster, unless the node was downed and
    /// it runs already) and waits for the actor system to terminate, at most <paramref name="bound"/>.
    /// </summary>
    public async Task<NodeExit> ShutdownAsync(TimeSpan bound)
    {
        var shutdown = CoordinatedShutdown.Get(System);
        // A shutdown that runs already (this node was downed) keeps its reason; the run's outcome shows in the
        // reason, the report and whether the system terminated in time.
        _ = shutdown.Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        var terminated = await Task.WhenAny(System.WhenTerminated, Task.Delay(bound)) == System.WhenTerminated;
        var report = _release is { IsCompletedSuccessfully: true } r ? r.Result : null;
        return new NodeExit(shutdown.ShutdownReason, report, terminated ? null : bound);
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
        await ReleaseAsync();
        await System.Terminate();
    }
}
