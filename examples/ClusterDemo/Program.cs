using System.Diagnostics;
using System.Globalization;
using ActorInterp.Actors.Cluster;
using Akka.Actor;
using Akka.Cluster;
using ClusterDemo;
using Spectre.Console;

// Word statistics across an Akka.Cluster: the reader node lends chunks of text to worker nodes as shared
// buffers (bytes cross once per node, in chunks under the default frame size), workers lend their counts back.
//
//   dotnet run --project examples/ClusterDemo                      three nodes in this process
//   dotnet run --project examples/ClusterDemo -- --self-test        ... and kill a worker node mid-run; exit 0 if all is well
//   dotnet run --project examples/ClusterDemo -- --role reader --port 4053 [--workers 2] [--input file]
//   dotnet run --project examples/ClusterDemo -- --role worker --port 0 --seed-node akka.tcp://clusterdemo@127.0.0.1:4053

var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("usage: ClusterDemo [--self-test | --measure] [--role reader|worker --port N --seed-node ADDRESS] [--workers N] [--input FILE] [--size-mb N] [--chunk-kb N] [--akka-log LEVEL]");
    return 2;
}
try
{
    if (options.Measure) return await Measure.RunAsync(rounds: 9);
    return options.Role switch
    {
        "worker" => await RunWorkerProcessAsync(options),
        "reader" => await RunReaderProcessAsync(options),
        _ => await RunInProcessAsync(options),
    };
}
catch (Exception ex)
{
    Console.Error.WriteLine($"ClusterDemo failed: {ex}");
    return 1;
}

static async Task<int> RunInProcessAsync(Options options)
{
    var clock = Stopwatch.StartNew();
    var text = options.Input is null ? WordCount.SyntheticText(options.SizeMb << 20) : await File.ReadAllBytesAsync(options.Input);
    var reference = new Dictionary<string, long>(StringComparer.Ordinal);
    WordCount.Count(text, reference); // the single-node result every cluster run must match

    await using var node1 = await Node.StartAsync("node 1 (reader)", "reader", 0, null, null, fast: true, leaveOnTerminate: false);
    Cluster.Get(node1.System).Join(node1.Address); // the first node is its own seed
    await using var node2 = await Node.StartAsync("node 2 (worker)", "worker", 0, null, node1.Address, fast: true, leaveOnTerminate: false);
    await using var node3 = await Node.StartAsync("node 3 (worker)", "worker", 0, null, node1.Address, fast: true, leaveOnTerminate: false);
    Node[] nodes = [node1, node2, node3];
    var workers = new[] { new Worker(node2), new Worker(node3) };
    await WaitUntilAsync(() => nodes.All(n => Cluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 3), TimeSpan.FromSeconds(30), "the three nodes to come up");
    Say($"cluster up in {clock.Elapsed.TotalSeconds:F1} s: {string.Join(", ", nodes.Select(n => n.Address))}");

    var reader = new Reader(node1, text, options.ChunkKb << 10);
    NodeBorrowsReclaimed? reclaimed = null;
    int outToVictimAtKill = -1;
    node1.Exchange.BorrowsReclaimed += e => { if (e.Node == node3.Address) reclaimed = e; };
    var run = reader.RunAsync();

    Task? kill = null;
    if (options.SelfTest)
    {
        // Kill node 3 in the middle: it first stops answering (its chunks stay borrowed), then its actor
        // system terminates without leaving; the split brain resolver downs it and node 1 reclaims.
        kill = Task.Run(async () =>
        {
            await WaitUntilAsync(() => reader.ChunkCount > 0 && reader.Completed >= reader.ChunkCount / 3, TimeSpan.FromSeconds(60), "a third of the chunks");
            workers[1].Stalled = true;
            await WaitUntilAsync(() => BorrowsOut(node1, node3) >= 1, TimeSpan.FromSeconds(30), "node 3 to hold a chunk");
            outToVictimAtKill = (int)BorrowsOut(node1, node3);
            Say($"killing node 3 with {outToVictimAtKill} chunk borrows out to it, {reader.Completed}/{reader.ChunkCount} chunks done");
            await node3.KillAsync();
        });
    }

    var totals = await ShowProgressAsync(run, reader, nodes, workers, TimeSpan.FromSeconds(75));
    if (kill is not null) await kill;
    Say($"counted {totals.Values.Sum():N0} words ({totals.Count:N0} distinct) in {reader.ChunkCount} chunks; {reader.Redispatched} re-dispatched");
    foreach (var (word, n) in totals.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(5)) Say($"  {word,-12} {n,10:N0}");

    var failures = new List<string>();
    if (!SameCounts(totals, reference)) failures.Add("the cluster's counts differ from the single-node count");
    if (options.SelfTest)
    {
        await WaitUntilAsync(() => reclaimed is not null, TimeSpan.FromSeconds(30), "node 3's borrows to be reclaimed");
        if (reclaimed!.Reclaimed < outToVictimAtKill) failures.Add($"only {reclaimed.Reclaimed} of node 3's {outToVictimAtKill} borrows were reclaimed");
        if (BorrowsOut(node1, node3) != 0) failures.Add("node 1 still counts borrows for node 3");
        if (reader.Redispatched < 1) failures.Add("no chunk of node 3 was re-dispatched");
        Say($"node 3's {reclaimed.Reclaimed} borrows reclaimed; {clock.Elapsed.TotalSeconds:F1} s so far");
    }
    // Nothing leaks: every chunk, copy and result buffer on the surviving nodes goes back.
    var leakCheck = TimeSpan.FromSeconds(20);
    var survivors = options.SelfTest ? [node1, node2] : nodes;
    if (!await TryWaitUntilAsync(() => reader.Domain.Stats.OwnedBuffers == 0, leakCheck)) failures.Add($"the reader still owns {reader.Domain.Stats.OwnedBuffers} chunk buffers");
    foreach (var n in survivors)
    {
        if (!await TryWaitUntilAsync(() => n.Exchange.Mirror.Stats.OwnedBuffers == 0 && n.Exchange.Stats.RemoteBorrowsOut == 0, leakCheck))
            failures.Add($"{n.Label} keeps {n.Exchange.Mirror.Stats.OwnedBuffers} copies and {n.Exchange.Stats.RemoteBorrowsOut} borrows out");
    }
    if (!await TryWaitUntilAsync(() => workers[0].Domain.Stats.OwnedBuffers == 0, leakCheck)) failures.Add("node 2's worker still owns result buffers");
    PrintStats(nodes);
    foreach (var n in survivors)
    {
        await n.Exchange.DisposeAsync();
        var report = await n.Runtime.ShutdownAsync(TimeSpan.FromSeconds(5));
        if (!report.IsClean) failures.Add($"{n.Label} shut down with leaks (forced: {string.Join(", ", report.Forced)}, revoked {report.RevokedBorrows})");
    }
    Say($"done in {clock.Elapsed.TotalSeconds:F1} s");
    foreach (var f in failures) Console.Error.WriteLine($"FAILED: {f}");
    if (options.SelfTest) Say(failures.Count == 0 ? "self-test passed" : "self-test FAILED");
    return failures.Count == 0 ? 0 : 1;
}

static async Task<int> RunReaderProcessAsync(Options options)
{
    var text = options.Input is null ? WordCount.SyntheticText(options.SizeMb << 20) : await File.ReadAllBytesAsync(options.Input);
    var seeds = options.SeedNode is null ? null : new[] { options.SeedNode };
    await using var node = await Node.StartAsync("reader", "reader", options.Port, seeds, seeds is null ? null : (Address?)null, fast: false, leaveOnTerminate: true);
    if (seeds is null) Cluster.Get(node.System).Join(node.Address);
    Say($"reader at {node.Address}; waiting for {options.Workers} workers (--seed-node {node.Address})");
    await WaitUntilAsync(() => Cluster.Get(node.System).State.Members.Count(m => m.Status == MemberStatus.Up && m.HasRole("worker")) >= options.Workers,
        TimeSpan.FromMinutes(10), "the workers");
    var reader = new Reader(node, text, options.ChunkKb << 10);
    var totals = await ShowProgressAsync(reader.RunAsync(), reader, [node], [], TimeSpan.FromMinutes(10));
    Say($"counted {totals.Values.Sum():N0} words ({totals.Count:N0} distinct) in {reader.ChunkCount} chunks");
    foreach (var (word, n) in totals.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(10)) Say($"  {word,-12} {n,10:N0}");
    PrintStats([node]);
    await Cluster.Get(node.System).LeaveAsync();
    return 0;
}

static async Task<int> RunWorkerProcessAsync(Options options)
{
    if (options.SeedNode is null)
    {
        Console.Error.WriteLine("a worker needs --seed-node (the reader's address)");
        return 2;
    }
    await using var node = await Node.StartAsync("worker", "worker", options.Port, [options.SeedNode], null, fast: false, leaveOnTerminate: true);
    var worker = new Worker(node);
    var readerGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    Cluster.Get(node.System).RegisterOnMemberRemoved(() => readerGone.TrySetResult());
    node.System.ActorOf(Props.Create(() => new ReaderWatcher(readerGone)));
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; readerGone.TrySetResult(); };
    Say($"worker at {node.Address}, joined {options.SeedNode}; Ctrl+C to stop");
    await readerGone.Task;
    Say($"worker done: {worker.Processed} chunks counted");
    await Cluster.Get(node.System).LeaveAsync();
    return 0;
}

static async Task<Dictionary<string, long>> ShowProgressAsync(Task<Dictionary<string, long>> run, Reader reader, Node[] nodes, Worker[] workers, TimeSpan timeout)
{
    var deadline = Task.Delay(timeout);
    if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
    {
        if (await Task.WhenAny(run, deadline) != run) throw new TimeoutException($"the run did not finish within {timeout.TotalSeconds} s");
        return await run;
    }
    await AnsiConsole.Live(new Table()).StartAsync(async live =>
    {
        while (await Task.WhenAny(run, deadline, Task.Delay(200)) is var t && t != run && t != deadline)
            live.UpdateTarget(ProgressTable(reader, nodes));
        live.UpdateTarget(ProgressTable(reader, nodes));
    });
    if (!run.IsCompleted) throw new TimeoutException($"the run did not finish within {timeout.TotalSeconds} s");
    return await run;
}

static Table ProgressTable(Reader reader, Node[] nodes)
{
    var table = new Table().AddColumns("node", "chunks done", "in flight", "borrows out", "copies held", "MiB shipped", "reclaims");
    table.Title = new TableTitle($"word statistics: {reader.Completed}/{reader.ChunkCount} chunks");
    foreach (var n in nodes)
    {
        var s = n.Exchange.Stats;
        var p = reader.Progress.TryGetValue(n.Address, out var x) ? x : default;
        var done = n.Killed || p.Gone ? $"[red]{p.Done} (gone)[/]" : p.Done.ToString(CultureInfo.InvariantCulture);
        table.AddRow(Markup.Escape(n.Label), done, p.InFlight.ToString(CultureInfo.InvariantCulture), s.RemoteBorrowsOut.ToString(CultureInfo.InvariantCulture),
            s.LocalCopies.ToString(CultureInfo.InvariantCulture), (s.BytesShipped / 1048576.0).ToString("F1", CultureInfo.InvariantCulture),
            s.ReclaimsAfterNodeLoss.ToString(CultureInfo.InvariantCulture));
    }
    return table;
}

static void PrintStats(Node[] nodes)
{
    foreach (var n in nodes.Where(n => !n.Killed))
    {
        var s = n.Exchange.Stats;
        Say($"{n.Label}: shipped {s.BytesShipped / 1048576.0:F1} MiB in {s.TransfersStarted} transfers, received {s.BytesReceived / 1048576.0:F1} MiB, " +
            $"releases sent/received/rejected {s.ReleasesSent}/{s.ReleasesReceived}/{s.ReleasesRejected}, reclaims after node loss {s.ReclaimsAfterNodeLoss}");
    }
}

static long BorrowsOut(Node owner, Node holder) => owner.Exchange.Stats.RemoteBorrowsByNode.GetValueOrDefault(holder.Address.ToString());

static bool SameCounts(Dictionary<string, long> a, Dictionary<string, long> b) =>
    a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var n) && n == kv.Value);

static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
{
    if (!await TryWaitUntilAsync(condition, timeout)) throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting for {what}");
}

static async Task<bool> TryWaitUntilAsync(Func<bool> condition, TimeSpan timeout)
{
    var clock = Stopwatch.StartNew();
    while (!condition())
    {
        if (clock.Elapsed > timeout) return false;
        await Task.Delay(20);
    }
    return true;
}

static void Say(string line) => Console.WriteLine(line);

/// <summary>Ends a worker process when the reader node leaves the cluster.</summary>
internal sealed class ReaderWatcher : ReceiveActor
{
    public ReaderWatcher(TaskCompletionSource done)
    {
        Receive<ClusterEvent.MemberRemoved>(e => { if (e.Member.HasRole("reader")) done.TrySetResult(); });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    protected override void PreStart() => Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));
}

internal sealed record Options(bool Measure, bool SelfTest, string? Role, int Port, string? SeedNode, int Workers, string? Input, int SizeMb, int ChunkKb)
{
    public static Options? Parse(string[] args)
    {
        var o = new Options(false, false, null, 0, null, 2, null, 16, 256);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                o = args[i] switch
                {
                    "--self-test" => o with { SelfTest = true },
                    "--measure" => o with { Measure = true },
                    "--role" => o with { Role = Next() is "reader" or "worker" ? args[i] : throw new ArgumentException("--role is reader or worker") },
                    "--port" => o with { Port = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--seed-node" => o with { SeedNode = Next() },
                    "--workers" => o with { Workers = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--input" => o with { Input = Next() },
                    "--size-mb" => o with { SizeMb = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--akka-log" => SetAkkaLog(o, Next()),
                    "--chunk-kb" => o with { ChunkKb = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    _ => throw new ArgumentException($"unknown option {args[i]}"),
                };
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                Console.Error.WriteLine(ex.Message);
                return null;
            }
        }
        return o;
    }

    private static Options SetAkkaLog(Options o, string level)
    {
        Node.AkkaLogLevel = level.ToUpperInvariant();
        return o;
    }
}
