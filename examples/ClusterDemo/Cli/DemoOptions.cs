namespace ClusterDemo;

/// <summary>ClusterDemo's command line, parsed and checked (see <see cref="ClusterDemoCli"/>).</summary>
internal sealed record DemoOptions
{
    /// <summary>The default of <c>--size-mb</c>.</summary>
    public const int DefaultSizeMb = 16;

    /// <summary>The largest <c>--size-mb</c>: the text is held in one array.</summary>
    public const int MaxSizeMb = 1024;

    /// <summary>The default of <c>--chunk-kb</c>.</summary>
    public const int DefaultChunkKb = 256;

    /// <summary>The largest <c>--chunk-kb</c> (64 MiB).</summary>
    public const int MaxChunkKb = 65536;

    /// <summary>The default of <c>--join-timeout</c>, in seconds.</summary>
    public const int DefaultJoinTimeoutSeconds = 60;

    public DemoMode Mode { get; init; }

    /// <summary>The TCP port of a process node (0: a free one).</summary>
    public int Port { get; init; }

    /// <summary>The address of the node to join, e.g. <c>akka.tcp://clusterdemo@127.0.0.1:4053</c>.</summary>
    public string? SeedNode { get; init; }

    /// <summary>How many workers the reader waits for before it starts.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>A text file to count; null: the built-in text of <see cref="SizeMb"/> MiB.</summary>
    public string? Input { get; init; }

    public int SizeMb { get; init; } = DefaultSizeMb;

    public int ChunkKb { get; init; } = DefaultChunkKb;

    /// <summary>How long the reader waits for its workers, and a worker for joining the cluster.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(DefaultJoinTimeoutSeconds);

    /// <summary>The reader prints a line per counted chunk.</summary>
    public bool Progress { get; init; }

    /// <summary>The text to count: the input file's bytes, or the built-in text.</summary>
    public async Task<byte[]> ReadTextAsync() =>
        Input is null ? WordCount.SyntheticText(SizeMb << 20) : await File.ReadAllBytesAsync(Input);
}
