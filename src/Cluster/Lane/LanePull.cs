using System.Buffers;
using System.Net.Sockets;
using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>How a pull over the lane ended, told to the holder node's exchange.</summary>
internal enum LanePullOutcome
{
    /// <summary>Every frame arrived and matched its checksum: the copy holds the bytes (the whole checksum is checked next).</summary>
    Pulled,

    /// <summary>The lane could not be reached: nothing was read, and the bytes can come over remoting instead.</summary>
    Unreachable,

    /// <summary>The lane was reached but the transfer broke (refused token, bad frame, checksum, stream cut short): the transfer fails.</summary>
    Failed,
}

/// <summary>From a pull's task to the exchange: <paramref name="Pull"/> ended with <paramref name="Outcome"/> (and why, unless pulled).</summary>
internal sealed record LanePullEnded(LanePull Pull, LanePullOutcome Outcome, string Reason);

/// <summary>
/// The holder node's pull of one lease's bytes over the owner node's lane into the lease's copy, on a thread of its
/// own with blocking socket calls (the thread pool, where Akka's dispatchers run, stays free). Frames are read into
/// a staging buffer, checked (length as the offer implies, checksum), and copied into the copy under a lock that
/// <see cref="Cancel"/> takes: once the copy is dropped (the owner node gone, the exchange stopped) not one byte is
/// written into its memory. Nothing is allocated by a length the peer sends: the copy was sized by the offer (within
/// <see cref="ClusterExchangeOptions.MaxIncomingLength"/>), and a frame must have exactly the length the offer implies.
/// The end is told to the exchange as a <see cref="LanePullEnded"/>, whatever it is.
/// </summary>
internal sealed class LanePull : IDisposable
{
    internal static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly Socket _socket = new(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly Mirror _mirror;
    private readonly byte[] _copy;
    private readonly string _host;
    private readonly LaneTicket _ticket;
    private readonly IActorRef _exchange;
    private readonly LaneFaults _faults;
    private bool _cancelled;

    internal LanePull(Mirror mirror, byte[] copy, LaneTicket ticket, IActorRef exchange, LaneFaults faults)
    {
        _mirror = mirror;
        _copy = copy;
        _host = mirror.Source.Host ?? "";
        _ticket = ticket;
        _exchange = exchange;
        _faults = faults;
    }

    internal Mirror Mirror => _mirror;

    internal void Start() => new Thread(Run) { IsBackground = true, Name = "actorinterp-lane-pull" }.Start();

    /// <summary>Stops the pull: after this returns, nothing is written into the copy (a blocked read ends as its socket closes). Any thread.</summary>
    internal void Cancel()
    {
        lock (_gate) _cancelled = true;
        _socket.Dispose();
    }

    /// <summary>Closes the pull's connection (the pull does, when it ended).</summary>
    public void Dispose() => _socket.Dispose();

    private void Run()
    {
        LanePullEnded ended;
        try
        {
            ended = Pull();
        }
        catch (Exception ex)
        {
            ended = End(LanePullOutcome.Failed, Volatile.Read(ref _cancelled) ? "the pull was cancelled" : $"the pull over the lane failed: {ex.GetType().Name}: {ex.Message}");
        }
        Dispose();
        _exchange.Tell(ended, ActorRefs.NoSender);
    }

    private LanePullEnded Pull()
    {
        try
        {
            using var timeout = new CancellationTokenSource(ConnectTimeout);
            _socket.ConnectAsync(_host, _ticket.Port, timeout.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            var why = ex is OperationCanceledException ? $"no connection within {ConnectTimeout.TotalSeconds:F0} s" : ex.Message;
            return End(LanePullOutcome.Unreachable, $"the data lane of {_mirror.Source} at {_host}:{_ticket.Port} could not be reached ({why})");
        }
        using var stream = new NetworkStream(_socket, ownsSocket: false);
        var staging = ArrayPool<byte>.Shared.Rent(LaneWire.HeaderBytes + LaneWire.ChunkBytes);
        try
        {
            return ReadFrames(stream, staging);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            return End(LanePullOutcome.Failed, Volatile.Read(ref _cancelled) ? "the pull was cancelled" : $"the lane's connection broke: {ex.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(staging);
        }
    }

    private LanePullEnded ReadFrames(NetworkStream stream, byte[] staging)
    {
        var token = _faults.RequestToken is { } forge ? forge(_ticket.Token) : _ticket.Token;
        LaneWire.WriteRequest(staging, _mirror.LeaseId, token);
        stream.Write(staging, 0, LaneWire.RequestBytes);
        if (!ReadExactlyOrEnd(stream, staging.AsSpan(0, 1)))
            return End(LanePullOutcome.Failed, "the lane closed the connection without answering the request");
        if (staging[0] != LaneWire.Accepted)
            return End(LanePullOutcome.Failed, "the lane refused the request (the owner node does not know this lease's token)");
        var length = _mirror.Offer.Length;
        var frames = length == 0 ? 0 : (int)(((long)length + LaneWire.ChunkBytes - 1) / LaneWire.ChunkBytes);
        for (var index = 0; index < frames; index++)
        {
            var offset = index * LaneWire.ChunkBytes;
            var expected = LaneWire.FrameLength(length, index);
            if (!ReadExactlyOrEnd(stream, staging.AsSpan(0, LaneWire.HeaderBytes)))
                return End(LanePullOutcome.Failed, $"the lane's stream ended after {offset:N0} of {length:N0} bytes");
            var (announced, checksum) = LaneWire.ReadHeader(staging);
            // Only as many bytes as the offer implies are ever read: a frame announcing another length is refused unread.
            if (announced != expected)
                return End(LanePullOutcome.Failed, $"frame {index} announces {announced:N0} bytes where the offer implies {expected:N0}");
            var data = staging.AsSpan(LaneWire.HeaderBytes, expected);
            if (!ReadExactlyOrEnd(stream, data))
                return End(LanePullOutcome.Failed, $"the lane's stream ended in frame {index}, after {offset:N0} of {length:N0} bytes");
            if (Checksum64.Compute(data) != checksum)
                return End(LanePullOutcome.Failed, $"frame {index} does not match its checksum");
            lock (_gate)
            {
                if (_cancelled) return End(LanePullOutcome.Failed, "the pull was cancelled");
                data.CopyTo(_copy.AsSpan(offset, expected));
            }
        }
        return End(LanePullOutcome.Pulled, "");
    }

    private static bool ReadExactlyOrEnd(NetworkStream stream, Span<byte> into) =>
        stream.ReadAtLeast(into, into.Length, throwOnEndOfStream: false) == into.Length;

    private LanePullEnded End(LanePullOutcome outcome, string reason) => new(this, outcome, reason);
}
