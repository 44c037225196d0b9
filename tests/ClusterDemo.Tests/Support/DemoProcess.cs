using System.Diagnostics;
using ActorInterp.TestSupport;

namespace ActorInterp.ClusterDemo.Tests.Support;

/// <summary>
/// A ClusterDemo process (<c>dotnet ClusterDemo.dll ...</c>, the build next to the tests): its output lines as
/// they come, real signals (SIGKILL as kill -9; SIGSTOP and SIGCONT), and its exit code with the time it came.
/// </summary>
/// <remarks>
/// The app runs as the child of a small <c>sh</c> that waits for it and exits with its code. The tests stop and
/// resume the app with SIGSTOP/SIGCONT, and the stop and continue notifications of a direct child confuse
/// .NET's Process on Linux (an exit reported with code 0, or output never read to its end); the shell takes
/// them instead, and the tests watch the shell, which is never stopped.
/// </remarks>
internal sealed class DemoProcess : IDisposable
{
    private const string PidLine = "clusterdemo-pid ";

    private readonly Process _shell;
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];
    private readonly TaskCompletionSource _outputEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _shellExited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _pid = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _openStreams = 2;

    private DemoProcess(string name, string[] args)
    {
        Name = name;
        // sh -c SCRIPT sh dotnet ClusterDemo.dll ARGS: "$@" is the app; the shell prints its pid, then its exit code is the app's.
        var start = new ProcessStartInfo("sh", ["-c", $"\"$@\" & echo \"{PidLine}$!\"; wait $!", "sh", DotnetHost.Path, DemoDll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _shell = new Process { StartInfo = start, EnableRaisingEvents = true };
        _shell.OutputDataReceived += (_, e) => OnLine(e.Data, error: false);
        _shell.ErrorDataReceived += (_, e) => OnLine(e.Data, error: true);
        _shell.Exited += (_, _) =>
        {
            ExitedAt ??= Stopwatch.GetTimestamp();
            _shellExited.TrySetResult();
        };
    }

    /// <summary>The ClusterDemo build the tests run (copied next to them by the project reference).</summary>
    public static string DemoDll => DotnetHost.AppBesideTests("ClusterDemo.dll");

    private static readonly TimeSpan PidBound = TimeSpan.FromSeconds(30);

    public string Name { get; }

    /// <summary>The app's process id (not the shell's).</summary>
    public int Pid => _pid.Task.WaitAsync(PidBound).GetAwaiter().GetResult();

    /// <summary>When the app exited (a <see cref="Stopwatch"/> timestamp), or null while it runs.</summary>
    public long? ExitedAt { get; private set; }

    /// <summary>Every line so far, standard error's prefixed with "! ".</summary>
    public string[] Lines
    {
        get
        {
            lock (_lines) return [.. _lines];
        }
    }

    /// <summary>Every line for a failure message, the reader's progress lines but the last left out.</summary>
    public string Output
    {
        get
        {
            var lines = Lines;
            var lastProgress = Array.FindLastIndex(lines, l => l.StartsWith("progress ", StringComparison.Ordinal));
            var shown = lines.Where((l, i) => i == lastProgress || !l.StartsWith("progress ", StringComparison.Ordinal)).Select(l => $"  {Name}| {l}");
            if (OutputCut) shown = shown.Append($"  {Name}| (its output had not ended {OutputDrainBound.TotalSeconds:F0} s after it exited: the lines above may be incomplete)");
            return string.Join("\n", shown);
        }
    }

    public static DemoProcess Start(string name, params string[] args)
    {
        var p = new DemoProcess(name, args);
        p._shell.Start();
        p._shell.BeginOutputReadLine();
        p._shell.BeginErrorReadLine();
        return p;
    }

    /// <summary>The first line (so far or to come) that <paramref name="match"/> accepts.</summary>
    public Task<string> LineAsync(Func<string, bool> match)
    {
        lock (_lines)
        {
            var seen = _lines.FirstOrDefault(match);
            if (seen is not null) return Task.FromResult(seen);
            var waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, waiter));
            return waiter.Task;
        }
    }

    /// <summary>Kills the app with SIGKILL, as <c>kill -9</c> does; gives the moment (a <see cref="Stopwatch"/> timestamp).</summary>
    public long Kill()
    {
        Signals.Kill(Pid);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>How long, after the app exited, its last lines may take to be read.</summary>
    private static readonly TimeSpan OutputDrainBound = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Waits for the app to exit (its shell exits with it) and then for its output to be read to the end; its exit
    /// code, or null if it ran past <paramref name="bound"/>. Whether it exited is decided by the exit itself, not
    /// by the end of its output, so that a pipe some other process keeps open cannot make an exited app look hung;
    /// <see cref="OutputCut"/> says when its output did not end within <see cref="OutputDrainBound"/> after the exit.
    /// </summary>
    public async Task<int?> ExitAsync(TimeSpan bound)
    {
        using var deadline = new CancellationTokenSource(bound > TimeSpan.Zero ? bound : TimeSpan.Zero);
        try
        {
            await _shellExited.Task.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        try
        {
            await _outputEnded.Task.WaitAsync(OutputDrainBound);
        }
        catch (TimeoutException)
        {
            OutputCut = true;
        }
        ExitedAt ??= Stopwatch.GetTimestamp();
        return _shell.ExitCode;
    }

    /// <summary>True when the app exited but its output had not ended <see cref="OutputDrainBound"/> later (the lines may be incomplete).</summary>
    public bool OutputCut { get; private set; }

    /// <summary>
    /// What the operating system says of the app and its shell now, for a failure message: an app reported as
    /// still running may be alive, a zombie, or gone with its output still open.
    /// </summary>
    public string Condition()
    {
        var app = _pid.Task.IsCompletedSuccessfully ? AppState(_pid.Task.Result) : "pid not known";
        return $"app {app}; its shell {(_shell.HasExited ? "exited" : "runs")}; output streams still open: {Volatile.Read(ref _openStreams)}";
    }

    private static string AppState(int pid)
    {
        try
        {
            // /proc/PID/stat: "pid (name) S ..."; the state letter follows the name's closing parenthesis.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return $"{pid} in state {stat[stat.LastIndexOf(')') + 2]}";
        }
        catch (IOException)
        {
            return $"{pid} gone";
        }
    }

    /// <summary>Ends an app a test left running (a failed test), so that none outlives the tests.</summary>
    public void Dispose()
    {
        if (!_shell.HasExited && _pid.Task.IsCompletedSuccessfully) Signals.EndIfRunning(_pid.Task.Result);
        if (!_shell.WaitForExit(PidBound)) _shell.Kill(entireProcessTree: true);
        _shell.Dispose();
    }

    private void OnLine(string? line, bool error)
    {
        if (line is null)
        {
            // End of one stream: once both are read to the end, the app has exited and said all it had to say.
            if (Interlocked.Decrement(ref _openStreams) == 0) _outputEnded.TrySetResult();
            return;
        }
        if (!error && line.StartsWith(PidLine, StringComparison.Ordinal) && !_pid.Task.IsCompleted)
        {
            _pid.TrySetResult(int.Parse(line[PidLine.Length..], System.Globalization.CultureInfo.InvariantCulture));
            return;
        }
        var text = error ? "! " + line : line;
        List<TaskCompletionSource<string>> matched;
        lock (_lines)
        {
            _lines.Add(text);
            matched = _waiters.Where(w => w.Match(text)).Select(w => w.Seen).ToList();
            _waiters.RemoveAll(w => matched.Contains(w.Seen));
        }
        foreach (var m in matched) m.TrySetResult(text);
    }
}
