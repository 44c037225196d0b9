using System.Diagnostics;
using ActorInterp.Actors;
using ActorInterp.Cluster;
using ActorInterp.Sharing;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;

namespace ClusterDemo;

/// <summary>
/// <c>--measure</c>: lending 16 MiB to another node through the exchange vs one plain Akka remoting message
/// of the same byte[] with the frame size raised; an Ask across nodes answered with a fresh 1 MiB buffer vs
/// one answered without buffers; items per second through a remote send end of a bounded channel; and the
/// time from a node kill to all its borrows reclaimed.
/// </summary>
internal static class Measure
{
    private const int Size = 16 << 20;

    public static async Task<int> RunAsync(int rounds)
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        var exchange = await ExchangeAsync(rounds);
        Console.WriteLine($"16 MiB through the exchange (over the data lane, default frame size): median {exchange.TotalMilliseconds:F0} ms = {Size / exchange.TotalSeconds / 1048576:F0} MiB/s");
        var plain = await PlainRemotingAsync(rounds);
        Console.WriteLine($"16 MiB as one byte[] message (maximum-frame-size raised to 32 MiB): median {plain.TotalMilliseconds:F0} ms = {Size / plain.TotalSeconds / 1048576:F0} MiB/s");
        var (plainAsk, bufferAsk) = await AsksAsync(rounds * 10);
        Console.WriteLine($"Ask to a domain actor on the other node: median {plainAsk.TotalMilliseconds:F2} ms answered without buffers, {bufferAsk.TotalMilliseconds:F2} ms answered with a fresh 1 MiB buffer (opened and read by the asker)");
        var itemsPerSecond = await RemoteChannelAsync(200_000);
        Console.WriteLine($"remote send end of a channel (capacity 256, int items, SendAsync then FlushAsync): {itemsPerSecond:N0} items/s");
        var tellsPerSecond = await PlainTellsAsync(200_000);
        Console.WriteLine($"plain Akka remoting, the same count of small records told to a raw actor (default serializer, no flow control): {tellsPerSecond:N0} messages/s");
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
            // The buffer stays the owner's: only the owner's own calls touch it (a call's result could not carry it out).
            SharedBuffer? buffer = null;
            var fill = (byte)i;
            await owner.RunAsync(() =>
            {
                buffer = SharedBuffer.Allocate(Size);
                buffer.Span.Fill(fill);
            });
            var clock = Stopwatch.StartNew();
            await owner.RunAsync(() => a.Exchange.Share(buffer!, target));
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
            if (i > 0) times.Add(clock.Elapsed); // the first round warms up
            await owner.RunAsync(() => buffer!.Dispose());
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

    private static async Task<(TimeSpan Plain, TimeSpan Buffer)> AsksAsync(int rounds)
    {
        await using var a = await StartAsync("asker", null);
        await using var b = await StartAsync("answerer", a.Address);
        await WaitUpAsync(a, b);
        var local = b.Runtime.CreateDomain("answerer").ActorOf(Props.Create(() => new Answerer()), "answerer");
        var answerer = DomainActorRef.Resolve(a.Runtime, new RootActorPath(b.Address) / "user" / "answerer", local.DomainId, local.DomainName);
        var asker = a.Runtime.CreateDomain("asker");
        return await asker.CallAsync(async () =>
        {
            var plain = new List<TimeSpan>();
            var buffer = new List<TimeSpan>();
            for (var i = 0; i <= rounds; i++)
            {
                var clock = Stopwatch.StartNew();
                await answerer.Ask<int>(0);
                if (i > 0) plain.Add(clock.Elapsed);
                clock.Restart();
                using var proxy = await answerer.Ask<BufferProxy>(1 << 20);
                if (proxy.Span[^1] != 7) throw new InvalidOperationException("the answer's bytes are wrong");
                if (i > 0) buffer.Add(clock.Elapsed);
            }
            return (Median(plain), Median(buffer));
        });
    }

    private static async Task<double> RemoteChannelAsync(int items)
    {
        await using var a = await StartAsync("channel", null);
        await using var b = await StartAsync("sender", a.Address);
        await WaitUpAsync(a, b);
        var channel = a.Runtime.CreateChannel<int>(capacity: 256);
        var draining = a.Runtime.CreateDomain("receiver").CallAsync(async () =>
        {
            var sum = 0L;
            for (var i = 0; i < items; i++) sum += await channel.Receiver.ReceiveAsync();
            return sum;
        });
        var local = b.Runtime.CreateDomain("sender").ActorOf(Props.Create(() => new ItemSender()), "sender");
        var sender = DomainActorRef.Resolve(a.Runtime, new RootActorPath(b.Address) / "user" / "sender", local.DomainId, local.DomainName);
        var elapsed = (await sender.Ask<ItemsSent>(new SendItems(channel.Sender, items), TimeSpan.FromMinutes(5))).Elapsed;
        var sum = await draining.WaitAsync(TimeSpan.FromMinutes(1));
        if (sum != (long)items * (items - 1) / 2) throw new InvalidOperationException($"the channel delivered a sum of {sum}; items were lost or repeated");
        return items / elapsed.TotalSeconds;
    }

    private static async Task<double> PlainTellsAsync(int count)
    {
        using var a = ActorSystem.Create(Node.SystemName, ClusterNodeConfig.Create(logLevel: "OFF"));
        using var b = ActorSystem.Create(Node.SystemName, ClusterNodeConfig.Create(logLevel: "OFF"));
        Cluster.Get(a).Join(Cluster.Get(a).SelfAddress);
        Cluster.Get(b).Join(Cluster.Get(a).SelfAddress);
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = 0;
        Action onOne = () => { if (++seen == count) all.TrySetResult(); };
        b.ActorOf(Props.Create(() => new Counter(onOne)), "counter");
        var counter = ((ExtendedActorSystem)a).Provider.ResolveActorRef(new RootActorPath(Cluster.Get(b).SelfAddress) / "user" / "counter");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) counter.Tell(new Numbered(i));
        await all.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var rate = count / clock.Elapsed.TotalSeconds;
        await Task.WhenAll(a.Terminate(), b.Terminate());
        return rate;
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
        a.Exchange.BorrowsReclaimed += (_, e) => { if (e.Reclaimed == 3) reclaimed.TrySetResult(); };
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

    private sealed record SendItems(ChannelSender<int> Sender, int Count);

    private sealed record Numbered(int N);

    private sealed class Counter : ReceiveActor
    {
        public Counter(Action onOne) => Receive<Numbered>(_ => onOne());
    }

    private sealed record ItemsSent(TimeSpan Elapsed);

    /// <summary>Sends 0..Count-1 through the (remote) send end it is given and answers with the time it took until all were in the channel.</summary>
    private sealed class ItemSender : ReceiveActor
    {
        public ItemSender() => ReceiveAsync<SendItems>(async m =>
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < m.Count; i++) await m.Sender.SendAsync(i);
            await m.Sender.FlushAsync();
            Sender.Tell(new ItemsSent(clock.Elapsed));
        });
    }

    /// <summary>Answers 0 with 0, and n with a fresh n-byte buffer (lent to the asker's node).</summary>
    private sealed class Answerer : ReceiveActor
    {
        public Answerer() => Receive<int>(n =>
        {
            if (n == 0)
            {
                Sender.Tell(0);
                return;
            }
            using var buffer = SharedBuffer.Allocate(n);
            buffer.Span.Fill(7);
            Sender.Tell(buffer);
        });
    }

    private sealed class Sink : ReceiveActor
    {
        public Sink(Action<byte[]> onBytes) => Receive<byte[]>(onBytes);
    }
}
