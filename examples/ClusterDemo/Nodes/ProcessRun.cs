using ActorInterp.Sharing;
using Akka.Actor;

namespace ClusterDemo;

/// <summary>
/// The node of a reader or worker process, and what ends it: each wait also watches for the node's own
/// shutdown (it was downed) and for Ctrl+C, and <see cref="EndAsync"/> turns how the run and the node ended
/// into the exit code, within <see cref="ProcessTiming.ShutdownBound"/>.
/// </summary>
internal sealed class ProcessRun
{
    private readonly CancellationToken _stop;

    private ProcessRun(Node node, CancellationToken stop)
    {
        Node = node;
        View = MembershipView.Start(node.System);
        _stop = stop;
    }

    public Node Node { get; }

    public MembershipView View { get; }

    /// <summary>Starts the node, or writes one line on <paramref name="error"/> and gives null when its port cannot be used.</summary>
    public static async Task<ProcessRun?> StartAsync(string role, DemoOptions options, TextWriter error, CancellationToken stop)
    {
        Node node;
        try
        {
            node = await Node.StartProcessAsync(role, options.Port, options.SeedNode);
        }
        catch (Exception ex) when (IsBindFailure(ex))
        {
            await error.WriteLineAsync($"error: --port {options.Port}: cannot listen on 127.0.0.1:{options.Port} ({Innermost(ex).Message}); choose a free port, or 0 for any.");
            return null;
        }
        return new ProcessRun(node, stop);
    }

    /// <summary>
    /// Waits until <paramref name="done"/> holds. Null then; otherwise why the wait ended first: what
    /// <paramref name="problem"/> reported (checked every <see cref="ProcessTiming.Tick"/>), the node's shutdown, or Ctrl+C.
    /// </summary>
    public async Task<string?> WatchAsync(Func<bool> done, Func<string?> problem)
    {
        using var tick = new PeriodicTimer(ProcessTiming.Tick);
        while (true)
        {
            if (done()) return null;
            if (Node.ShutdownBegan.IsCompleted) return Describe(await Node.ShutdownBegan);
            if (_stop.IsCancellationRequested) return "stopped with Ctrl+C";
            if (problem() is { } why) return why;
            await tick.WaitForNextTickAsync();
        }
    }

    /// <summary>
    /// Shuts the node down (leaving the cluster unless it was downed) within <see cref="ProcessTiming.ShutdownBound"/>
    /// and gives the exit code: <see cref="ExitCodes.Unsound"/> if its domains leaked, <see cref="ExitCodes.RunFailed"/>
    /// if <paramref name="failure"/> is set, the node was downed, or it did not end in time; otherwise <see cref="ExitCodes.Ok"/>.
    /// One line on <paramref name="error"/> per problem.
    /// </summary>
    public async Task<int> EndAsync(string? failure, TextWriter error)
    {
        var exit = await Node.ShutdownAsync(ProcessTiming.ShutdownBound);
        var code = ExitCodes.Ok;
        if (failure is not null)
        {
            await error.WriteLineAsync($"error: {failure}");
            code = ExitCodes.RunFailed;
        }
        else if (exit.Reason is not (null or CoordinatedShutdown.ClusterLeavingReason))
        {
            await error.WriteLineAsync($"error: {Describe(exit.Reason)} while it was leaving, after its part of the run was done.");
            code = ExitCodes.RunFailed;
        }
        else if (!View.SelfLeft)
        {
            // Its part is done; the others find it unreachable and down it, as after a crash.
            await error.WriteLineAsync($"warning: the cluster did not confirm that this node left within {2 * ProcessTiming.LeaveBound.TotalSeconds:F0} s.");
        }
        if (exit.TimedOut is { } bound)
        {
            await error.WriteLineAsync($"error: the node did not shut down within {bound.TotalSeconds:F0} s; the process ends anyway.");
            code = ExitCodes.RunFailed;
        }
        else if (exit.Report is null)
        {
            await error.WriteLineAsync($"error: the node's domains did not shut down within {ProcessTiming.ReleaseBound.TotalSeconds:F0} s.");
            code = ExitCodes.RunFailed;
        }
        if (exit.Report is { IsClean: false } report)
        {
            await error.WriteLineAsync($"error: the node's domains shut down with leaks: {report.RevokedBorrows} borrows revoked; drains forced: {string.Join(", ", report.Forced.DefaultIfEmpty("none"))}.");
            code = ExitCodes.Unsound;
        }
        return code;
    }

    private static string Describe(CoordinatedShutdown.Reason? reason) => reason switch
    {
        CoordinatedShutdown.ClusterDowningReason => "this node was downed by the cluster (the split brain resolver downed the side it was on)",
        CoordinatedShutdown.ClusterLeavingReason => "this node was told to leave the cluster",
        CoordinatedShutdown.ClrExitReason => "the process is being terminated",
        _ => $"this node began shutting down ({reason?.GetType().Name ?? "no reason given"})",
    };

    private static bool IsBindFailure(Exception ex) =>
        Innermost(ex) is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse or System.Net.Sockets.SocketError.AccessDenied };

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null) ex = ex.InnerException;
        return ex;
    }
}
