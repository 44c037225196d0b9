using System.Diagnostics;
using ActorInterp.Cluster;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;
using Akka.Configuration;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorInterp.Benchmarks.Core;

/// <summary>One round of <see cref="CrossNodeProbe"/>: milliseconds for 16 MiB, and a small message's round trip in microseconds.</summary>
/// <param name="OursMs">16 MiB lent to a domain on the other node through the exchange, from the share to the holder reading the last byte.</param>
/// <param name="PlainMs">One plain Akka remoting message of a 16 MiB byte[] (maximum-frame-size raised to 32 MiB), from the Tell to its arrival.</param>
/// <param name="RoundTripIdleUs">Median round trip of a small message between the exchange's two nodes with nothing else moving.</param>
/// <param name="RoundTripDuringTransferUs">Median round trip of the same message while a 64 MiB buffer crosses between the same nodes.</param>
/// <param name="RoundTripsDuringTransfer">How many round trips completed during the 64 MiB transfer (the median's sample).</param>
public sealed record CrossNodeRound(double OursMs, double PlainMs, double RoundTripIdleUs, double RoundTripDuringTransferUs, int RoundTripsDuringTransfer);

/// <summary>
/// Cross-node bulk bytes: two exchange nodes (default Akka settings, the exchange set to <see cref="BulkTransfer"/>)
/// and, beside them, two plain remoting systems with the frame size raised, all on 127.0.0.1 in this process.
/// <see cref="RunRoundAsync"/> measures ours and plain alternately in one round, so that a loaded machine weighs on
/// both alike. Start once, run several rounds, take medians.
/// </summary>
public sealed class CrossNodeProbe : IAsyncDisposable
{
    private const int Size = 16 << 20, LargeSize = 64 << 20;

    private readonly ActorSystem _systemA, _systemB, _plainA, _plainB;
    private readonly DomainRuntime _runtimeA, _runtimeB;
    private readonly ClusterExchange _exchangeA, _exchangeB;
    private readonly Domain _owner;
    private readonly IActorRef _echo, _plainSink;
    private readonly RemoteEndpoint _target;
    private readonly Arrivals _arrivals = new();
    private readonly BulkTransfer _transfer;

    private CrossNodeProbe(ActorSystem systemA, ActorSystem systemB, ActorSystem plainA, ActorSystem plainB, DomainRuntime runtimeA, DomainRuntime runtimeB,
        ClusterExchange exchangeA, ClusterExchange exchangeB, BulkTransfer transfer)
    {
        _transfer = transfer;
        (_systemA, _systemB, _plainA, _plainB, _runtimeA, _runtimeB, _exchangeA, _exchangeB) = (systemA, systemB, plainA, plainB, runtimeA, runtimeB, exchangeA, exchangeB);
        _owner = runtimeA.CreateDomain("owner");
        var arrivals = _arrivals;
        exchangeB.Bind("sink", runtimeB.CreateDomain("holder"), d =>
        {
            using var proxy = d.Handle.Open();
            arrivals.Signal(proxy.Span[^1]);
        });
        _target = new RemoteEndpoint(exchangeB.SelfAddress, "sink");
        systemB.ActorOf(Props.Create(() => new Echo()), "echo");
        _echo = ((ExtendedActorSystem)systemA).Provider.ResolveActorRef(new RootActorPath(exchangeB.SelfAddress) / "user" / "echo");
        plainB.ActorOf(Props.Create(() => new Sink(arrivals)), "sink");
        _plainSink = ((ExtendedActorSystem)plainA).Provider.ResolveActorRef(new RootActorPath(AkkaCluster.Get(plainB).SelfAddress) / "user" / "sink");
    }

    /// <summary>Starts the four systems and waits until each pair is up; <paramref name="transfer"/> is the exchange's bulk path.</summary>
    public static async Task<CrossNodeProbe> StartAsync(BulkTransfer transfer = BulkTransfer.DataLane)
    {
        var options = new ClusterExchangeOptions { BulkTransfer = transfer };
        var systemA = ActorSystem.Create("probe", ClusterNodeConfig.Create(logLevel: "OFF"));
        var systemB = ActorSystem.Create("probe", ClusterNodeConfig.Create(logLevel: "OFF"));
        var raised = ConfigurationFactory.ParseString("""
            akka.remote.dot-netty.tcp {
              maximum-frame-size = 33554432b
              send-buffer-size = 33554432b
              receive-buffer-size = 33554432b
            }
            """);
        var plainA = ActorSystem.Create("plain", raised.WithFallback(ClusterNodeConfig.Create(logLevel: "OFF")));
        var plainB = ActorSystem.Create("plain", raised.WithFallback(ClusterNodeConfig.Create(logLevel: "OFF")));
        foreach (var (first, second) in new[] { (systemA, systemB), (plainA, plainB) })
        {
            AkkaCluster.Get(first).Join(AkkaCluster.Get(first).SelfAddress);
            AkkaCluster.Get(second).Join(AkkaCluster.Get(first).SelfAddress);
        }
        var runtimeA = new DomainRuntime(systemA);
        var runtimeB = new DomainRuntime(systemB);
        var exchangeA = await ClusterExchange.StartAsync(runtimeA, options);
        var exchangeB = await ClusterExchange.StartAsync(runtimeB, options);
        var probe = new CrossNodeProbe(systemA, systemB, plainA, plainB, runtimeA, runtimeB, exchangeA, exchangeB, transfer);
        await probe.WaitUpAsync();
        await probe.RunRoundAsync(); // warms up both paths
        return probe;
    }

    /// <summary>Starts, runs one warm-up and one measured round, and stops: the figures of one round.</summary>
    public static async Task<CrossNodeRound> OneRoundAsync(BulkTransfer transfer = BulkTransfer.DataLane)
    {
        await using var probe = await StartAsync(transfer);
        return await probe.RunRoundAsync();
    }

    /// <summary>One round: ours for 16 MiB, plain remoting for 16 MiB, the round trip idle, the round trip during a 64 MiB transfer of ours.</summary>
    public async Task<CrossNodeRound> RunRoundAsync()
    {
        var ours = await OursAsync(Size);
        var plain = await PlainAsync();
        var idle = new List<double>();
        for (var i = 0; i < 50; i++) idle.Add(await RoundTripUsAsync());
        var during = new List<double>();
        var transfer = OursAsync(LargeSize);
        while (!transfer.IsCompleted) during.Add(await RoundTripUsAsync());
        await transfer;
        // The last round trip may have ended after the transfer: it is dropped when others remain.
        if (during.Count > 1) during.RemoveAt(during.Count - 1);
        // Akka's log is off here (its shutdown noise would drown the figures): a fallback to remoting is reported this way.
        if (_transfer == BulkTransfer.DataLane && _exchangeB.GetStats() is { LaneFallbacks: > 0 } stats)
            throw new InvalidOperationException($"The data lane was not used: {stats.LaneProblem}");
        return new CrossNodeRound(ours, plain, Medians.Of(idle), Medians.Of(during), during.Count);
    }

    /// <summary>Milliseconds for 16 MiB lent through the exchange (one share, until the holder read the last byte).</summary>
    public Task<double> OursOnceAsync() => OursAsync(Size);

    /// <summary>Milliseconds for one plain remoting message of a 16 MiB byte[], frame raised.</summary>
    public Task<double> PlainOnceAsync() => PlainAsync();

    private async Task<double> OursAsync(int size)
    {
        SharedBuffer? buffer = null;
        var fill = (byte)Random.Shared.Next(1, 255);
        await _owner.RunAsync(() =>
        {
            buffer = SharedBuffer.Allocate(size);
            buffer.Span.Fill(fill);
        });
        var arrived = _arrivals.Next();
        var start = Stopwatch.GetTimestamp();
        await _owner.RunAsync(() => _exchangeA.Share(buffer!, _target));
        var last = await arrived.WaitAsync(TimeSpan.FromMinutes(2));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        await _owner.RunAsync(() => buffer!.Dispose());
        return last == fill ? elapsed : throw new InvalidOperationException($"The holder read {last} where {fill} was written.");
    }

    private async Task<double> PlainAsync()
    {
        var bytes = new byte[Size];
        var fill = (byte)Random.Shared.Next(1, 255);
        bytes.AsSpan().Fill(fill);
        var arrived = _arrivals.Next();
        var start = Stopwatch.GetTimestamp();
        _plainSink.Tell(bytes);
        var last = await arrived.WaitAsync(TimeSpan.FromMinutes(2));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return last == fill ? elapsed : throw new InvalidOperationException($"The sink read {last} where {fill} was sent.");
    }

    private async Task<double> RoundTripUsAsync()
    {
        var start = Stopwatch.GetTimestamp();
        await _echo.Ask<int>(1, TimeSpan.FromSeconds(30));
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    private async Task WaitUpAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (!(Up(_systemA, _systemB) && Up(_plainA, _plainB) && await RoundTripUsAsync() > 0))
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(1)) throw new TimeoutException("The probe's nodes did not come up within a minute.");
            await Task.Delay(20);
        }
        // The exchanges see members from Akka.Cluster's events: lend only once a share has gone through.
        while (true)
        {
            try
            {
                await OursAsync(1).WaitAsync(TimeSpan.FromSeconds(2));
                return;
            }
            catch (TimeoutException) when (deadline.Elapsed < TimeSpan.FromMinutes(1))
            {
                // Not a member yet for the exchange: the share was refused and nothing arrives; try again.
            }
        }
    }

    private static bool Up(ActorSystem a, ActorSystem b) =>
        AkkaCluster.Get(a).State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) == 2 &&
        AkkaCluster.Get(b).State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) == 2;

    public async ValueTask DisposeAsync()
    {
        await _exchangeB.DisposeAsync();
        await _exchangeA.DisposeAsync();
        await _runtimeB.ShutdownAsync(TimeSpan.FromSeconds(5));
        await _runtimeA.ShutdownAsync(TimeSpan.FromSeconds(5));
        await Task.WhenAll(_systemA.Terminate(), _systemB.Terminate(), _plainA.Terminate(), _plainB.Terminate());
    }

    /// <summary>The one arrival awaited at a time (the last byte read), signalled from the holder's or the sink's thread.</summary>
    private sealed class Arrivals
    {
        private volatile TaskCompletionSource<byte> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<byte> Next()
        {
            _next = new TaskCompletionSource<byte>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _next.Task;
        }

        public void Signal(byte last) => _next.TrySetResult(last);
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => Receive<int>(n => Sender.Tell(n));
    }

    private sealed class Sink : ReceiveActor
    {
        public Sink(Arrivals arrivals) => Receive<byte[]>(bytes => arrivals.Signal(bytes[^1]));
    }
}
