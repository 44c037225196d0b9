namespace ActorInterp.ClusterDemo.Tests.Support;

/// <summary>
/// A reader and two workers, each a ClusterDemo process on 127.0.0.1 with a free port: the reader starts on
/// port 0 and prints its address, which the workers get as their seed node.
/// </summary>
internal sealed class DemoCluster : IDisposable
{
    /// <summary>The built-in text the tests count, in MiB, and the chunk size: 1024 chunks, a run of a second or more, so that a kill at a chunk count lands mid-run.</summary>
    public const int SizeMb = 4;
    public const int ChunkKb = 4;

    /// <summary>The tests' --join-timeout (seconds): short, so that a kill before the cluster formed costs little.</summary>
    public const int JoinTimeoutSeconds = 20;

    /// <summary>How long a process may take to start and print its first line on a loaded machine.</summary>
    public static readonly TimeSpan StartBound = TimeSpan.FromSeconds(60);

    private DemoCluster(DemoProcess reader, DemoProcess worker1, DemoProcess worker2)
    {
        Reader = reader;
        Worker1 = worker1;
        Worker2 = worker2;
    }

    public DemoProcess Reader { get; }

    public DemoProcess Worker1 { get; }

    public DemoProcess Worker2 { get; }

    public DemoProcess[] All => [Reader, Worker1, Worker2];

    public string Output => string.Join("\n", All.Select(p => p.Output));

    public static async Task<DemoCluster> StartAsync(params string[] readerArgs)
    {
        var join = JoinTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] text = readerArgs.Contains("--input") || readerArgs.Contains("--size-mb") ? [] : ["--size-mb", $"{SizeMb}", "--chunk-kb", $"{ChunkKb}"];
        var reader = DemoProcess.Start("reader", ["--role", "reader", "--port", "0", "--progress", "--join-timeout", join, .. text, .. readerArgs]);
        string first;
        try
        {
            first = await reader.LineAsync(l => l.StartsWith("reader at ", StringComparison.Ordinal) || l.StartsWith("! ", StringComparison.Ordinal)).WaitAsync(StartBound);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
        if (!first.StartsWith("reader at ", StringComparison.Ordinal))
        {
            reader.Dispose();
            throw new InvalidOperationException($"The reader did not start:\n{reader.Output}");
        }
        var address = first["reader at ".Length..first.IndexOf(';', StringComparison.Ordinal)];
        var worker1 = DemoProcess.Start("worker 1", "--role", "worker", "--seed-node", address, "--join-timeout", join);
        var worker2 = DemoProcess.Start("worker 2", "--role", "worker", "--seed-node", address, "--join-timeout", join);
        return new DemoCluster(reader, worker1, worker2);
    }

    public void Dispose()
    {
        foreach (var p in All) p.Dispose();
    }
}
