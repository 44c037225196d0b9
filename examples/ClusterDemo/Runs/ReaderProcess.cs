using System.Diagnostics;
using Akka.Cluster;

namespace ClusterDemo;

/// <summary>
/// <c>--role reader</c>: waits for its workers, lends them the chunks (a lost worker's chunks go to the others),
/// prints the result, tells the workers the run is over and waits for them to leave, then leaves last. Being
/// the oldest node, leaving last and alone keeps the split brain resolver's decisions simple while others leave.
/// </summary>
internal static class ReaderProcess
{
    public static async Task<int> RunAsync(DemoOptions options, TextWriter output, TextWriter error, CancellationToken stop)
    {
        var text = await options.ReadTextAsync();
        var process = await ProcessRun.StartAsync("reader", options, error, stop);
        if (process is null) return ExitCodes.BadOptions;
        var node = process.Node;
        if (options.SeedNode is null) Cluster.Get(node.System).Join(node.Address);
        output.WriteLine($"reader at {node.Address}; waiting for {options.Workers} workers (--seed-node {node.Address})");

        var joining = Stopwatch.StartNew();
        var failure = await process.WatchAsync(() => WorkersReady(process, options.Workers), () => joining.Elapsed < options.JoinTimeout ? null
            : $"only {process.View.Up("worker").Count} of {options.Workers} workers joined within {options.JoinTimeout.TotalSeconds:F0} s; start them with --seed-node {node.Address}.");
        if (failure is null)
        {
            var reader = new Reader(node, text, options.ChunkKb << 10);
            Dictionary<string, long>? totals;
            (totals, failure) = await CountAsync(process, reader, options, output);
            if (totals is not null)
            {
                CountsReport.Write(output, totals, reader.ChunkCount, reader.Redispatched, top: 10);
                ProgressDisplay.WriteStats(output, [node]);
                await LetWorkersLeaveAsync(process, error);
            }
        }
        return await process.EndAsync(failure, error);
    }

    /// <summary>
    /// True when <paramref name="count"/> workers are Up and every member has seen that state: a worker that still
    /// thought it was joining would, with the reader lost, down itself rather than the reader.
    /// </summary>
    private static bool WorkersReady(ProcessRun process, int count)
    {
        if (process.View.Up("worker").Count < count) return false;
        var state = Cluster.Get(process.Node.System).State;
        return state.Members.All(m => state.SeenBy.Contains(m.Address));
    }

    /// <summary>Runs the count; the totals, or why it could not finish.</summary>
    private static async Task<(Dictionary<string, long>? Totals, string? Failure)> CountAsync(ProcessRun process, Reader reader, DemoOptions options, TextWriter output)
    {
        string? domainFailure = null;
        process.Node.Runtime.PendingCallFailed += (_, e) => domainFailure ??= $"a call on domain '{e.Domain.Name}' failed: {e.Exception.GetType().Name}: {e.Exception.Message}";
        reader.WorkerLost += (worker, removed, taken) =>
            output.WriteLine($"worker lost: {worker} ({(removed ? "removed" : "unreachable")}); its {taken} unfinished chunks go to the other workers");
        // Progress lines as the counts come in (on the reader's thread), so that scripts see the run as it is.
        if (options.Progress) reader.ChunkCounted += (done, all) => output.WriteLine($"progress {done}/{all}");
        output.WriteLine("run started");
        var run = reader.RunAsync();
        var lastCompleted = -1;
        var sinceProgress = Stopwatch.StartNew();
        Stopwatch? withoutWorkers = null;
        var hadWorkers = false;
        string? Problem()
        {
            var completed = reader.Completed;
            if (domainFailure is not null) return domainFailure;
            if (completed != lastCompleted)
            {
                lastCompleted = completed;
                sinceProgress.Restart();
            }
            else if (sinceProgress.Elapsed > ProcessTiming.StallBound)
            {
                return $"no chunk was counted for {ProcessTiming.StallBound.TotalSeconds:F0} s ({completed} of {reader.ChunkCount} done).";
            }
            if (reader.LiveWorkers > 0)
            {
                hadWorkers = true;
                withoutWorkers = null;
                return null;
            }
            // The reader domain learns of the workers a moment after the run starts: the clock starts once it lost them.
            if (!hadWorkers) return null;
            withoutWorkers ??= Stopwatch.StartNew();
            return withoutWorkers.Elapsed < ProcessTiming.NoWorkerGrace ? null
                : $"no worker left: {completed} of {reader.ChunkCount} chunks counted, and no worker joined within {ProcessTiming.NoWorkerGrace.TotalSeconds:F0} s after the last one was lost.";
        }
        var watch = process.WatchAsync(() => run.IsCompleted, Problem);
        // On a terminal, the live table of the reader node's progress (unless the progress goes out as lines).
        var failure = options.Progress ? await watch : await ProgressDisplay.ShowWhileAsync(watch, reader, [process.Node]);
        if (failure is not null) return (null, failure);
        if (run.IsFaulted) return (null, $"the run stopped: {run.Exception!.InnerException!.Message}");
        return (await run, null);
    }

    /// <summary>
    /// Tells the workers the run is over (again each second, until each has left) and waits, bounded, for them to
    /// leave. A worker's leave completes only when every member has seen it, so the reader tells them once no
    /// worker is unreachable: a lost worker is downed first.
    /// </summary>
    private static async Task LetWorkersLeaveAsync(ProcessRun process, TextWriter error)
    {
        var waited = Stopwatch.StartNew();
        Stopwatch? sinceTold = null;
        var timedOut = false;
        // A shutdown (this node was downed) or Ctrl+C ends the wait early: the reader ends now, and EndAsync says so.
        await process.WatchAsync(() => process.View.Present("worker").Count == 0, () =>
        {
            timedOut = waited.Elapsed > ProcessTiming.WorkersLeaveBound;
            var settled = !process.View.AnyUnreachable("worker");
            if ((settled || timedOut) && (sinceTold is null || sinceTold.Elapsed >= TimeSpan.FromSeconds(1)))
            {
                foreach (var worker in process.View.Reachable("worker")) RunControl.TellFinished(process.Node.System, worker);
                sinceTold = Stopwatch.StartNew();
            }
            return timedOut ? "timed out" : null;
        });
        if (timedOut)
        {
            await error.WriteLineAsync($"warning: {process.View.Present("worker").Count} workers had not left {ProcessTiming.WorkersLeaveBound.TotalSeconds:F0} s after the run finished; the reader leaves anyway.");
        }
    }
}
