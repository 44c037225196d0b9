using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;

namespace ClusterDemo;

/// <summary>
/// <c>--role worker</c>: joins the reader's cluster and counts the chunks lent to it until the reader says the
/// run is over; then leaves. It ends early (exit 3) when the reader is lost or leaves first, when this node is
/// downed, when it cannot join in time, or on Ctrl+C.
/// </summary>
internal static class WorkerProcess
{
    public static async Task<int> RunAsync(DemoOptions options, TextWriter output, TextWriter error, CancellationToken stop)
    {
        var process = await ProcessRun.StartAsync("worker", options, error, stop);
        if (process is null) return ExitCodes.BadOptions;
        var node = process.Node;
        var worker = new Worker(node);
        var finished = RunControl.Start(node.System);
        output.WriteLine($"worker at {node.Address}, joining {options.SeedNode}");

        var joining = Stopwatch.StartNew();
        var up = false;
        var readerLost = ReaderLost(process);
        // Chunks may come before this node hears that it is Up (the reader's view is ahead): the join bound
        // applies only to a node that has neither.
        var failure = await process.WatchAsync(() => finished.IsCompleted, () =>
        {
            if (!up && process.View.SelfWasUp)
            {
                up = true;
                output.WriteLine("worker up");
            }
            if (!up && worker.Processed == 0 && joining.Elapsed > options.JoinTimeout)
                return $"could not join the cluster at {options.SeedNode} within {options.JoinTimeout.TotalSeconds:F0} s; is its reader running?";
            return readerLost();
        });
        if (failure is not null && node.ShutdownBegan.IsCompleted && process.View.Known("reader").FirstOrDefault() is { } reader
            && (process.View.UnreachableFor(reader) is not null || process.View.RemovedFrom(reader) is not null))
        {
            // Keep-oldest: the side without the oldest node, the reader, downs itself unless the reader is alone.
            failure += $"; the reader at {reader} had become unreachable.";
        }
        output.WriteLine($"worker done: {worker.Processed} chunks counted" + (failure is null ? "; the reader finished the run" : ""));
        if (worker.Unsent > 0) output.WriteLine($"{worker.Unsent} counted chunks were not sent back: the node was shutting down (the reader counts them elsewhere)");
        return await process.EndAsync(failure, error);
    }

    /// <summary>Why the reader cannot finish the run with this worker any more, or null while it still can.</summary>
    private static Func<string?> ReaderLost(ProcessRun process)
    {
        var up = Stopwatch.StartNew();
        Address? reader = null;
        return () =>
        {
            reader ??= process.View.Known("reader").FirstOrDefault();
            if (reader is null)
            {
                return up.Elapsed < ProcessTiming.ReaderUnreachableBound ? null
                    : $"the cluster this node joined has no reader (no member with role reader for {ProcessTiming.ReaderUnreachableBound.TotalSeconds:F0} s).";
            }
            if (process.View.RemovedFrom(reader) is { } status)
            {
                return status == MemberStatus.Down
                    ? $"the reader at {reader} was lost (unreachable, then downed) before it finished the run."
                    : $"the reader at {reader} left the cluster before it finished the run.";
            }
            return process.View.UnreachableFor(reader) is { } silent && silent > ProcessTiming.ReaderUnreachableBound
                ? $"the reader at {reader} has been unreachable for {silent.TotalSeconds:F0} s."
                : null;
        };
    }
}
