namespace ActorInterp.Cluster;

/// <summary>
/// Settings of a <see cref="ClusterExchange"/>, given to <see cref="ClusterExchange.StartAsync"/>. Immutable: set them
/// in an object initializer (<c>new ClusterExchangeOptions { ChunkSize = 32 * 1024 }</c>). Each value is checked as it
/// is set, so an options object that exists is valid.
/// </summary>
public sealed class ClusterExchangeOptions
{
    private readonly int _chunkSize = 64 * 1024;
    private readonly int _window = 8;
    private readonly int _maxIncomingLength = 1 << 30;
    private readonly string _mirrorDomainName = "cluster-mirror";
    private readonly TimeSpan _fetchedItemHold = TimeSpan.FromSeconds(5);
    private readonly int _maxFetchAhead = 16;
    private readonly TimeSpan _channelAnswerTimeout = TimeSpan.FromSeconds(10);
    private readonly BulkTransfer _bulkTransfer = BulkTransfer.DataLane;

    /// <summary>
    /// How buffers' bytes cross to other nodes. Default <see cref="Cluster.BulkTransfer.DataLane"/>: over a TCP
    /// connection of their own, so that other messages between the nodes never wait behind them, falling back to
    /// chunks over remoting (<see cref="ChunkSize"/>, <see cref="Window"/>) when the lane cannot be reached.
    /// Each node decides for the bytes it sends; a node set to <see cref="Cluster.BulkTransfer.Remoting"/> also
    /// declines lanes offered to it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not a <see cref="Cluster.BulkTransfer"/>.</exception>
    public BulkTransfer BulkTransfer
    {
        get => _bulkTransfer;
        init => _bulkTransfer = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(BulkTransfer), value,
            $"ClusterExchangeOptions.BulkTransfer must be DataLane or Remoting; it was set to {(int)value}.");
    }

    /// <summary>
    /// Bytes per chunk on the wire. Default 64 KiB, well under Akka remoting's default maximum frame of
    /// 128,000 bytes, so nobody has to raise it; from 1 to 120,000.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 1 or more than 120,000.</exception>
    public int ChunkSize
    {
        get => _chunkSize;
        init => _chunkSize = Checked(value, 1, FrameRules.MaxChunkData, nameof(ChunkSize),
            "bytes (a chunk travels in one remoting frame, with room for Akka's envelope)");
    }

    /// <summary>
    /// Chunks of one transfer that may be unacknowledged at once. Default 8 (512 KiB): enough to keep the
    /// link busy, small enough that other messages to the node never wait long behind a large transfer. At least 1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 1.</exception>
    public int Window
    {
        get => _window;
        init => _window = Checked(value, 1, int.MaxValue, nameof(Window), "chunks");
    }

    /// <summary>The largest buffer this node accepts from another (a bigger offer is refused). Default 1 GiB; 0 or more.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative number.</exception>
    public int MaxIncomingLength
    {
        get => _maxIncomingLength;
        init => _maxIncomingLength = Checked(value, 0, int.MaxValue, nameof(MaxIncomingLength), "bytes");
    }

    /// <summary>The name of the node-local domain that owns the copies of remote buffers. Default "cluster-mirror".</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    /// <exception cref="ArgumentException">Set to an empty or white-space name.</exception>
    public string MirrorDomainName
    {
        get => _mirrorDomainName;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(MirrorDomainName));
            _mirrorDomainName = value;
        }
    }

    /// <summary>
    /// How long an item that a remote <c>TryReceive</c> fetched ahead waits on this node for a receive before it
    /// goes back to its channel's node (which serves it to the next remote receive, ahead of the channel's queue).
    /// Default 5 s; more than zero, at most a day.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less, or to more than a day.</exception>
    public TimeSpan FetchedItemHold
    {
        get => _fetchedItemHold;
        init => _fetchedItemHold = Checked(value, nameof(FetchedItemHold));
    }

    /// <summary>
    /// The most items one fetch ahead for remote <c>TryReceive</c>s asks a channel's node for. A fetch asks for
    /// twice as many items as this node's receivers took of the channel since the previous fetch (one after
    /// a fetch nobody took anything from), up to this. Default 16; 1 to 1,024.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set outside 1 to 1,024.</exception>
    public int MaxFetchAhead
    {
        get => _maxFetchAhead;
        init => _maxFetchAhead = Checked(value, 1, 1024, nameof(MaxFetchAhead), "items");
    }

    /// <summary>
    /// How long this node waits for a channel's node to answer a fetch ahead of a remote <c>TryReceive</c>, or
    /// to confirm an item fetched ahead and sent back, before it stops waiting: a fetch unanswered that long no
    /// longer holds back the next one, and a close or a stop of the exchange goes on. An answer that comes later
    /// is still kept (or its item sent back). Default 10 s; more than zero, at most a day.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less, or to more than a day.</exception>
    public TimeSpan ChannelAnswerTimeout
    {
        get => _channelAnswerTimeout;
        init => _channelAnswerTimeout = Checked(value, nameof(ChannelAnswerTimeout));
    }

    private static TimeSpan Checked(TimeSpan value, string option) =>
        value > TimeSpan.Zero && value <= TimeSpan.FromDays(1) ? value : throw new ArgumentOutOfRangeException(option, value,
            $"ClusterExchangeOptions.{option} must be more than zero and at most a day; it was set to {value}.");

    private static int Checked(int value, int min, int max, string option, string unit) =>
        value >= min && value <= max ? value : throw new ArgumentOutOfRangeException(option, value,
            max == int.MaxValue
                ? $"ClusterExchangeOptions.{option} must be at least {min:N0} {unit}; it was set to {value:N0}."
                : $"ClusterExchangeOptions.{option} must be from {min:N0} to {max:N0} {unit}; it was set to {value:N0}.");
}
