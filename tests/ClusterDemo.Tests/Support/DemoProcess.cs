using System.Diagnostics;

namespace ActorInterp.ClusterDemo.Tests.Support;

/// <summary>
/// A ClusterDemo process (<c>dotnet ClusterDemo.dll ...</c>, the build next to the tests): its output lines as
/// they come, a real kill (SIGKILL), and its exit with the time it happened.
/// </summary>
internal sealed class DemoProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _openStreams = 2;

    private DemoProcess(string name, string[] args)
    {
        Name = name;
        var start = new ProcessStartInfo(DotnetHost(), [DemoDll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, error: false);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, error: true);
        _process.Exited += (_, _) => ExitedAt ??= Stopwatch.GetTimestamp();
    }

    /// <summary>The ClusterDemo build the tests run (copied next to them by the project reference).</summary>
    public static string DemoDll => Path.Combine(AppContext.BaseDirectory, "ClusterDemo.dll");

    public string Name { get; }

    public int Pid => _process.Id;

    /// <summary>When the process exited (a <see cref="Stopwatch"/> timestamp), or null while it runs.</summary>
    public long? ExitedAt { get; private set; }

    public bool WasKilled { get; private set; }

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
            return string.Join("\n", lines.Where((l, i) => i == lastProgress || !l.StartsWith("progress ", StringComparison.Ordinal)).Select(l => $"  {Name}| {l}"));
        }
    }

    public static DemoProcess Start(string name, params string[] args)
    {
        var p = new DemoProcess(name, args);
        p._process.Start();
        p._process.BeginOutputReadLine();
        p._process.BeginErrorReadLine();
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

    /// <summary>Kills the process with SIGKILL, as <c>kill -9</c> does; gives the moment (a <see cref="Stopwatch"/> timestamp).</summary>
    public long Kill()
    {
        WasKilled = true;
        _process.Kill(entireProcessTree: false);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>Waits for the process to exit and for its output to be read; its exit code, or null if it ran past <paramref name="bound"/>.</summary>
    public async Task<int?> ExitAsync(TimeSpan bound)
    {
        using var deadline = new CancellationTokenSource(bound > TimeSpan.Zero ? bound : TimeSpan.Zero);
        try
        {
            await _exited.Task.WaitAsync(deadline.Token);
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        ExitedAt ??= Stopwatch.GetTimestamp();
        return _process.ExitCode;
    }

    /// <summary>Ends a process a test left running (a failed test), so that none outlives the tests.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Signals.Continue(_process.Id);
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // it exited meanwhile
        }
        _process.Dispose();
    }

    private void OnLine(string? line, bool error)
    {
        if (line is null)
        {
            // End of one stream: once both are read to the end, the process has exited and said all it had to say.
            if (Interlocked.Decrement(ref _openStreams) == 0) _exited.TrySetResult();
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

    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
