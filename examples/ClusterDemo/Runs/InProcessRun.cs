using System.Diagnostics;
using ActorInterp.Cluster;
using ActorInterp.Sharing;
using Akka.Cluster;

namespace ClusterDemo;

/// <summary>
/// The default mode and <c>--self-test</c>: a reader node and two worker nodes in this process on 127.0.0.1.
/// The self-test kills a worker node mid-run and checks that the counts match a single-node count, that the
/// dead node's borrows were reclaimed and that nothing leaked.
/// </summary>
internal static class InProcessRun
{
    public static async Task<int> RunAsync(DemoOptions options, TextWriter output, TextWriter error)
    {
        var text = await options.ReadTextAsync();
        var selfTest = options.Mode == DemoMode.SelfTest;
        if (selfTest && text.Length == 0)
        {
            await error.WriteLineAsync("error: --self-test needs text to count: a non-empty --input, or --size-mb 1 or more.");
            return ExitCodes.BadOptions;
        }
        try
        {
            return await RunCoreAsync(options, text, selfTest, output, error);
        }
        catch (TimeoutException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return ExitCodes.RunFailed;
        }
    }

    private static async Task<int> RunCoreAsync(DemoOptions options, byte[] text, bool selfTest, TextWriter output, TextWriter error)
    {
        var clock = Stopwatch.StartNew();
        var reference = new Dictionary<string, long>(StringComparer.Ordinal);
        WordCount.Count(text, reference); // the single-node result every cluster run must match

        await using var node1 = await Node.StartAsync("node 1 (reader)", "reader", 0, null, null, fast: true, leaveOnTerminate: false);
        Cluster.Get(node1.System).Join(node1.Address); // the first node is its own seed
        await using var node2 = await Node.StartAsync("node 2 (worker)", "worker", 0, null, node1.Address, fast: true, leaveOnTerminate: false);
        await using var node3 = await Node.StartAsync("node 3 (worker)", "worker", 0, null, node1.Address, fast: true, leaveOnTerminate: false);
        Node[] nodes = [node1, node2, node3];
        var workers = new[] { new Worker(node2), new Worker(node3) };
        await Waits.UntilAsync(() => nodes.All(n => Cluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == 3), TimeSpan.FromSeconds(30), "the three nodes to come up");
        output.WriteLine($"cluster up in {clock.Elapsed.TotalSeconds:F1} s: {string.Join(", ", nodes.Select(n => n.Address))}");

        var reader = new Reader(node1, text, options.ChunkKb << 10);
        BorrowsReclaimedEventArgs? reclaimed = null;
        int outToVictimAtKill = -1;
        node1.Exchange.BorrowsReclaimed += (_, e) => { if (e.Node == node3.Address) reclaimed = e; };
        var run = reader.RunAsync();

        Task? kill = null;
        if (selfTest)
        {
            // Kill node 3 in the middle: it first stops answering (its chunks stay borrowed), then its actor
            // system terminates without leaving; the split brain resolver downs it and node 1 reclaims.
            kill = Task.Run(async () =>
            {
                await Waits.UntilAsync(() => reader.ChunkCount > 0 && reader.Completed >= reader.ChunkCount / 3, TimeSpan.FromSeconds(60), "a third of the chunks");
                workers[1].Stalled = true;
                await Waits.UntilAsync(() => BorrowsOut(node1, node3) >= 1, TimeSpan.FromSeconds(30), "node 3 to hold a chunk");
                outToVictimAtKill = (int)BorrowsOut(node1, node3);
                output.WriteLine($"killing node 3 with {outToVictimAtKill} chunk borrows out to it, {reader.Completed}/{reader.ChunkCount} chunks done");
                await node3.KillAsync();
            });
        }

        // Generous for the largest texts on a slow machine; a run that takes longer has hung.
        var runBound = TimeSpan.FromSeconds(75 + text.Length / (2 << 20));
        Dictionary<string, long> totals;
        try
        {
            totals = await ProgressDisplay.ShowWhileAsync(run.WaitAsync(runBound), reader, nodes);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the run did not finish within {runBound.TotalSeconds:F0} s ({reader.Completed} of {reader.ChunkCount} chunks counted)");
        }
        if (kill is not null) await kill;
        CountsReport.Write(output, totals, reader.ChunkCount, reader.Redispatched, top: 5);

        var failures = new List<string>();
        if (!SameCounts(totals, reference)) failures.Add("the cluster's counts differ from the single-node count");
        if (selfTest)
        {
            await Waits.UntilAsync(() => reclaimed is not null, TimeSpan.FromSeconds(30), "node 3's borrows to be reclaimed");
            if (reclaimed!.Reclaimed < outToVictimAtKill) failures.Add($"only {reclaimed.Reclaimed} of node 3's {outToVictimAtKill} borrows were reclaimed");
            if (BorrowsOut(node1, node3) != 0) failures.Add("node 1 still counts borrows for node 3");
            if (reader.Redispatched < 1) failures.Add("no chunk of node 3 was re-dispatched");
            output.WriteLine($"node 3's {reclaimed.Reclaimed} borrows reclaimed; {clock.Elapsed.TotalSeconds:F1} s so far");
        }
        // Nothing leaks: every chunk, copy and result buffer on the surviving nodes goes back.
        var leakCheck = TimeSpan.FromSeconds(20);
        var survivors = selfTest ? [node1, node2] : nodes;
        if (!await Waits.TryUntilAsync(() => reader.Domain.GetSharingStats().OwnedBuffers == 0, leakCheck)) failures.Add($"the reader still owns {reader.Domain.GetSharingStats().OwnedBuffers} chunk buffers");
        foreach (var n in survivors)
        {
            if (!await Waits.TryUntilAsync(() => n.Exchange.Mirror.GetSharingStats().OwnedBuffers == 0 && n.Exchange.GetStats().RemoteBorrowsOut == 0, leakCheck))
                failures.Add($"{n.Label} keeps {n.Exchange.Mirror.GetSharingStats().OwnedBuffers} copies and {n.Exchange.GetStats().RemoteBorrowsOut} borrows out");
        }
        if (!await Waits.TryUntilAsync(() => workers[0].Domain.GetSharingStats().OwnedBuffers == 0, leakCheck)) failures.Add("node 2's worker still owns result buffers");
        ProgressDisplay.WriteStats(output, nodes);
        foreach (var n in survivors)
        {
            var report = await n.ReleaseAsync();
            if (!report.IsClean) failures.Add($"{n.Label} shut down with leaks (forced: {string.Join(", ", report.Forced)}, revoked {report.RevokedBorrows})");
        }
        output.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var f in failures) await error.WriteLineAsync($"error: {f}");
        if (selfTest) output.WriteLine(failures.Count == 0 ? "self-test passed" : "self-test FAILED");
        return failures.Count == 0 ? ExitCodes.Ok : ExitCodes.Unsound;
    }

    private static long BorrowsOut(Node owner, Node holder) => owner.Exchange.GetStats().RemoteBorrowsByNode.GetValueOrDefault(holder.Address.ToString());

    private static bool SameCounts(Dictionary<string, long> a, Dictionary<string, long> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var n) && n == kv.Value);
}
