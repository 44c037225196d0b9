using System.Diagnostics;
using ActorInterp.Actors;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;
using Akka.Configuration;

// Stopwatch medians (Release): dotnet run -c Release --project bench/ActorInterp.Bench [-- rounds]
// 1. cross-domain Tell through DomainActorRef vs raw Akka Tell between two one-thread dispatchers
// 2. channel items/s between two domains (plain ints, and items carrying a shared buffer)
// 3. sending a 1 MiB value: shared buffer vs copy (Hyperion object copy, and array copy)

var rounds = args.Length > 0 ? int.Parse(args[0]) : 7;
var config = ConfigurationFactory.ParseString("""
    akka.loglevel = WARNING
    akka.log-dead-letters = off
    bench-a { type = Dispatcher, executor = fork-join-executor, throughput = 100, dedicated-thread-pool { thread-count = 1, threadtype = background } }
    bench-b { type = Dispatcher, executor = fork-join-executor, throughput = 100, dedicated-thread-pool { thread-count = 1, threadtype = background } }
    """);
using var system = ActorSystem.Create("bench", config);
await using var runtime = new DomainRuntime(system);
Console.WriteLine($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, rounds {rounds}");

// ---- 1. Tell ----------------------------------------------------------------------------------------
const int tells = 2_000_000;
var rawTimes = new List<double>();
var domainTimes = new List<double>();
var a = runtime.CreateDomain("a");
var b = runtime.CreateDomain("b");
for (var r = 0; r < rounds + 1; r++)
{
    // Raw: plain Akka actors on two one-thread dispatchers. Through DomainActorRef: sender in domain a,
    // receiver in domain b. The order alternates between rounds so that drift favours neither.
    var rawDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var rawReceiver = system.ActorOf(Props.Create(() => new Counter(tells, rawDone)).WithDispatcher("bench-b"));
    var rawSender = system.ActorOf(Props.Create(() => new RawSender(rawReceiver, tells)).WithDispatcher("bench-a"));
    var domainDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var receiver = b.ActorOf(Props.Create(() => new Counter(tells, domainDone)));
    var sender = a.ActorOf(Props.Create(() => new DomainSender(receiver, tells)));
    async Task<double> Time(IActorRef start, Task done)
    {
        var sw = Stopwatch.StartNew();
        start.Tell("go");
        await done;
        return sw.Elapsed.TotalSeconds;
    }
    double raw, dom;
    if (r % 2 == 0)
    {
        raw = await Time(rawSender, rawDone.Task);
        dom = await Time(sender.ActorRef, domainDone.Task);
    }
    else
    {
        dom = await Time(sender.ActorRef, domainDone.Task);
        raw = await Time(rawSender, rawDone.Task);
    }
    foreach (var actor in new[] { rawReceiver, rawSender, receiver.ActorRef, sender.ActorRef }) system.Stop(actor);
    if (r == 0) continue; // warm-up
    rawTimes.Add(tells / raw);
    domainTimes.Add(tells / dom);
}
var ratios = rawTimes.Zip(domainTimes, (x, y) => x / y).ToList();
var rawMedian = Median(rawTimes);
var domainMedian = Median(domainTimes);
Console.WriteLine($"Tell, small record, {tells:N0} msgs: raw Akka {rawMedian / 1e6:0.00} M msg/s, DomainActorRef {domainMedian / 1e6:0.00} M msg/s, " +
                  $"cost ratio {rawMedian / domainMedian:0.00}x, median of per-round ratios {Median(ratios):0.00}x (per message {1e9 / rawMedian:0} ns vs {1e9 / domainMedian:0} ns)");

// ---- 2. Channels -------------------------------------------------------------------------------------
const int items = 1_000_000;
var channelRates = new List<double>();
for (var r = 0; r < rounds + 1; r++)
{
    var channel = runtime.CreateChannel<int>(capacity: 1024);
    var sw = Stopwatch.StartNew();
    var receive = b.CallAsync(async () =>
    {
        var got = 0;
        while (got < items)
        {
            while (got < items && channel.Receiver.TryReceive(out _)) got++;
            if (got < items) { await channel.Receiver.ReceiveAsync(); got++; }
        }
        return got;
    });
    await a.RunAsync(async () =>
    {
        for (var i = 0; i < items; i++)
            if (!channel.Sender.TrySend(i)) await channel.Sender.SendAsync(i);
    });
    await receive;
    if (r > 0) channelRates.Add(items / sw.Elapsed.TotalSeconds);
}
Console.WriteLine($"Channel<int> (capacity 1024), domain a -> domain b: {Median(channelRates) / 1e6:0.00} M items/s");

const int bufferItems = 100_000;
var bufferRates = new List<double>();
for (var r = 0; r < Math.Max(3, rounds / 2) + 1; r++)
{
    var channel = runtime.CreateChannel<Blob>(capacity: 1024);
    var sw = Stopwatch.StartNew();
    var receive = b.CallAsync(async () =>
    {
        for (var got = 0; got < bufferItems; got++)
        {
            var blob = channel.Receiver.TryReceive(out var item) ? item : await channel.Receiver.ReceiveAsync();
            blob.Data.Dispose();
        }
        return 0;
    });
    await a.RunAsync(async () =>
    {
        for (var i = 0; i < bufferItems; i++)
        {
            using var buffer = SharedBuffer.Allocate(1024);
            var blob = new Blob(buffer);
            if (!channel.Sender.TrySend(blob)) await channel.Sender.SendAsync(blob);
        }
    });
    await receive;
    while (a.Stats.OwnedBuffers > 0) await a.CallAsync(() => 0);
    if (r > 0) bufferRates.Add(bufferItems / sw.Elapsed.TotalSeconds);
}
Console.WriteLine($"Channel<Blob> with a 1 KiB shared buffer per item (lent, opened, returned): {Median(bufferRates) / 1e3:0} k items/s");

// ---- 3. 1 MiB: share vs copy ------------------------------------------------------------------------
const int bigMessages = 200;
const int mib = 1 << 20;
var copying = b.ActorOf(Props.Create(() => new BigReceiver()), copyPolicy: CopyPolicy.Copy);
var data = new byte[mib];
Random.Shared.NextBytes(data);
double Measure(Func<int, object> make, bool fromA)
{
    var times = new List<double>();
    for (var r = 0; r < rounds + 1; r++)
    {
        var done = copying.Ask<int>("reset").Result;
        var sw = Stopwatch.StartNew();
        void SendAll()
        {
            for (var i = 0; i < bigMessages; i++)
            {
                var message = make(i);
                copying.Tell(message);
            }
        }
        if (fromA) a.RunAsync(SendAll).Wait();
        else SendAll();
        var count = copying.Ask<int>("count").Result;
        if (count != bigMessages) throw new InvalidOperationException($"received {count}");
        if (r > 0) times.Add(sw.Elapsed.TotalMilliseconds * 1000 / bigMessages);
        _ = done;
    }
    return Median(times);
}
// One 1 MiB buffer, filled once, lent again for every message: the cost measured is the share itself.
var big = await a.CallAsync(() =>
{
    var buffer = SharedBuffer.Allocate(mib);
    data.CopyTo(buffer.Span);
    return buffer;
});
var shareUs = Measure(_ => new Blob(big), fromA: true);
var fillOnlyUs = Measure(_ => new Plain(0), fromA: true);
var before = runtime.GetActorStats();
var hyperionUs = Measure(_ => new Document(new Payload { Data = data }), fromA: true);
var afterHyperion = runtime.GetActorStats();
var arrayUs = Measure(_ => new Bytes(data), fromA: true);
Console.WriteLine($"1 MiB per message, sent from domain a to an actor in domain b (send + receive, median per message):");
Console.WriteLine($"  shared buffer (zero copy):       {shareUs:0} us/msg");
Console.WriteLine($"  copied object (Hyperion):        {hyperionUs:0} us/msg ({(afterHyperion.BytesCopied - before.BytesCopied) / (double)((rounds + 1) * bigMessages) / 1024:0} KiB serialized per copy)");
Console.WriteLine($"  copied byte[] (array clone):     {arrayUs:0} us/msg");
Console.WriteLine($"  baseline small message:          {fillOnlyUs:0.0} us/msg");
big.Dispose();
while (a.Stats.OwnedBuffers > 0) await a.CallAsync(() => 0);
return;

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

sealed record Ping(int N);
sealed record Plain(int N);
sealed record Blob(IReadOnlyBuffer Data);
sealed class Payload { public byte[] Data = []; }
sealed record Document(Payload Payload);
sealed record Bytes(byte[] Data);

sealed class Counter : UntypedActor
{
    private readonly int _expected;
    private readonly TaskCompletionSource _done;
    private int _count;
    public Counter(int expected, TaskCompletionSource done) => (_expected, _done) = (expected, done);
    protected override void OnReceive(object message)
    {
        if (++_count == _expected) _done.TrySetResult();
    }
}

sealed class RawSender(IActorRef target, int count) : UntypedActor
{
    protected override void OnReceive(object message)
    {
        var ping = new Ping(1);
        for (var i = 0; i < count; i++) target.Tell(ping, Self);
    }
}

sealed class DomainSender(DomainActorRef target, int count) : UntypedActor
{
    protected override void OnReceive(object message)
    {
        var ping = new Ping(1);
        for (var i = 0; i < count; i++) target.Tell(ping, Self);
    }
}

sealed class BigReceiver : UntypedActor
{
    private int _count;
    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case "reset": _count = 0; Sender.Tell(0); break;
            case "count": Sender.Tell(_count); break;
            case Blob blob: blob.Data.Dispose(); _count++; break;
            default: _count++; break;
        }
    }
}
