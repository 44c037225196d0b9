using System.Diagnostics;
using ActorInterp.Actors.Cluster;
using ActorInterp.Sharing;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;

namespace ClusterDemo;

/// <summary>
/// <c>--measure</c>: lending 16 MiB to another node through the exchange vs one plain Akka remoting message
/// of the same byte[] with the frame size raised; and the time from a node kill to all its borrows reclaimed.
/// </summary>
internal static class Measure
{
    private const int Size = 16 << 20;

    public static async Task<int> RunAsync(int rounds)
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        var exchange = await ExchangeAsync(rounds);
        Console.WriteLine($"16 MiB through the exchange (64 KiB chunks, default frame size): median {exchange.TotalMilliseconds:F0} ms = {Size / exchange.TotalSeconds / 1048576:F0} MiB/s");
        var plain = await PlainRemotingAsync(rounds);
        Console.WriteLine($"16 MiB as one byte[] message (maximum-frame-size raised to 32 MiB): median {plain.TotalMilliseconds:F0} ms = {Size / plain.TotalSeconds / 1048576:F0} MiB/s");
        var kills = new List<TimeSpan>();
        for (var i = 0; i < Math.Max(3, rounds / 3); i++) kills.Add(await KillToReclaimAsync());
        Console.WriteLine($"node kill -> all its borrows reclaimed (heartbeat 250 ms, acceptable pause 1.5 s, SBR stable-after 1 s): median {Median(kills).TotalMilliseconds:F0} ms over {kills.Count} kills ({string.Join(", ", kills.Select(k => $"{k.TotalMilliseconds:F0}"))} ms)");
        return 0;
    }

    private static async Task<TimeSpan> ExchangeAsync(int rounds)
    {
        await using var a = await StartAsync("owner", null);
        await using var b = await StartAsync("holder", a.Address);
        await WaitUpAsync(a, b);
        var owner = a.Runtime.CreateDomain("owner");
        var holderDomain = b.Runtime.CreateDomain("holder");
        TaskCompletionSource<long>? arrived = null;
        b.Exchange.Bind("sink", holderDomain, d =>
        {
            using var proxy = d.Handle.Open();
            arrived!.TrySetResult(proxy.Span[^1]);
        });
        var target = new RemoteEndpoint(b.Address, "sink");
        var times = new List<TimeSpan>();
        for (var i = 0; i <= rounds; i++)
        {
            arrived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var buffer = await owner.CallAsync(() =>
            {
                var s = SharedBuffer.Allocate(Size);
                s.Span.Fill((byte)i);
                return s;
            });
            var clock = Stopwatch.StartNew();
            await owner.RunAsync(() => a.Exchange.Share(buffer, target));
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
            if (i > 0) times.Add(clock.Elapsed); // the first round warms up
            await owner.RunAsync(buffer.Dispose);
        }
        return Median(times);
    }

    private static async Task<TimeSpan> PlainRemotingAsync(int rounds)
    {
        var big = ConfigurationFactory.ParseString("""
            akka.remote.dot-netty.tcp {
              maximum-frame-size = 33554432b
              send-buffer-size = 33554432b
              receive-buffer-size = 33554432b
            }
            """);
        using var a = ActorSystem.Create(Node.SystemName, big.WithFallback(ClusterNodeConfig.Create(logLevel: "OFF")));
        using var b = ActorSystem.Create(Node.SystemName, big.WithFallback(ClusterNodeConfig.Create(logLevel: "OFF")));
        Cluster.Get(a).Join(Cluster.Get(a).SelfAddress);
        Cluster.Get(b).Join(Cluster.Get(a).SelfAddress);
        TaskCompletionSource<int>? arrived = null;
        b.ActorOf(Props.Create(() => new Sink(m => arrived!.TrySetResult(m.Length))), "sink");
        var sink = ((ExtendedActorSystem)a).Provider.ResolveActorRef(new RootActorPath(Cluster.Get(b).SelfAddress) / "user" / "sink");
        var times = new List<TimeSpan>();
        for (var i = 0; i <= rounds; i++)
        {
            arrived = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var bytes = new byte[Size];
            bytes.AsSpan().Fill((byte)i);
            var clock = Stopwatch.StartNew();
            sink.Tell(bytes);
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
            if (i > 0) times.Add(clock.Elapsed);
        }
        await Task.WhenAll(a.Terminate(), b.Terminate());
        return Median(times);
    }

    private static async Task<TimeSpan> KillToReclaimAsync()
    {
        await using var a = await StartAsync("owner", null);
        var b = await StartAsync("holder", a.Address);
        await WaitUpAsync(a, b);
        var owner = a.Runtime.CreateDomain("owner");
        var holderDomain = b.Runtime.CreateDomain("holder");
        var held = new List<BufferProxy>();
        var opened = 0;
        b.Exchange.Bind("sink", holderDomain, d => { held.Add(d.Handle.Open()); Interlocked.Increment(ref opened); });
        var reclaimed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.Exchange.BorrowsReclaimed += e => { if (e.Reclaimed == 3) reclaimed.TrySetResult(); };
        await owner.RunAsync(() =>
        {
            for (var i = 0; i < 3; i++)
            {
                using var s = SharedBuffer.Allocate(1 << 20);
                a.Exchange.Share(s, new RemoteEndpoint(b.Address, "sink"));
            }
        });
        while (Volatile.Read(ref opened) < 3) await Task.Delay(10);
        var clock = Stopwatch.StartNew();
        await b.KillAsync();
        await reclaimed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return clock.Elapsed;
    }

    private static async Task<Node> StartAsync(string label, Address? join)
    {
        var node = await Node.StartAsync(label, "node", 0, null, join, fast: true, leaveOnTerminate: false);
        if (join is null) Cluster.Get(node.System).Join(node.Address);
        return node;
    }

    private static async Task WaitUpAsync(params Node[] nodes)
    {
        while (!nodes.All(n => Cluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == nodes.Length)) await Task.Delay(20);
        await Task.Delay(500); // let every exchange see the members up
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    private sealed class Sink : ReceiveActor
    {
        public Sink(Action<byte[]> onBytes) => Receive<byte[]>(onBytes);
    }
}
