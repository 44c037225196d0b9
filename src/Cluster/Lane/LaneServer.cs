using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Akka.Event;

namespace ActorInterp.Cluster;

/// <summary>
/// A node's data lane, the owner side: a TCP listener of its own beside the Akka association, bound to the node's
/// remoting hostname on a free port, from which other nodes pull the bytes of the leases offered to them. A request
/// must name a lease with a grant standing and its token (<see cref="LaneGrant"/>); anything else is refused with one
/// status byte and counted (<see cref="Refused"/>). At most <see cref="MaxConnections"/> connections are served at
/// once; a request that does not arrive within <see cref="RequestTimeout"/> is dropped. Thread-safe.
/// </summary>
internal sealed class LaneServer : IDisposable
{
    /// <summary>Connections served at once; more are closed unanswered.</summary>
    internal const int MaxConnections = 64;

    internal static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _listener;
    private readonly ConcurrentDictionary<long, LaneGrant> _grants = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ILoggingAdapter _log;
    private readonly string _where;
    private int _connections;
    private long _refused, _bytesSent;
    private int _disposed;

    private LaneServer(Socket listener, ILoggingAdapter log, LaneFaults faults)
    {
        _listener = listener;
        _log = log;
        Faults = faults;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _where = listener.LocalEndPoint!.ToString()!;
        _ = AcceptAsync();
    }

    /// <summary>The port advertised in offers.</summary>
    internal int Port { get; }

    internal LaneFaults Faults { get; }

    /// <summary>Requests refused here: malformed, for no standing grant, with a wrong or used token, or over the connection limit.</summary>
    internal long Refused => Interlocked.Read(ref _refused);

    /// <summary>Bytes of leases written to the lane's connections (part of <see cref="ClusterExchangeStats.BytesShipped"/>).</summary>
    internal long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Grants standing now (tests: a lease's end leaves none behind).</summary>
    internal int GrantCount => _grants.Count;

    /// <summary>
    /// Opens the lane on <paramref name="hostname"/> (an address, or a name resolved to its first address), port 0.
    /// Returns null with <paramref name="problem"/> set when it cannot: the exchange then sends over remoting.
    /// </summary>
    internal static LaneServer? TryStart(string hostname, ILoggingAdapter log, LaneFaults faults, out string? problem)
    {
        Socket? listener = null;
        try
        {
            var address = IPAddress.TryParse(hostname, out var parsed) ? parsed : Dns.GetHostAddresses(hostname)[0];
            listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(address, 0));
            listener.Listen(MaxConnections);
            problem = null;
            return new LaneServer(listener, log, faults);
        }
        catch (Exception ex) when (ex is SocketException or IndexOutOfRangeException or ArgumentException)
        {
            listener?.Dispose();
            problem = $"the data lane could not listen on {hostname}: {ex.Message}";
            return null;
        }
    }

    /// <summary>Lets the node the offer of <paramref name="leaseId"/> goes to pull bytes [offset, offset + length) of <paramref name="array"/> once.</summary>
    internal LaneGrant Grant(long leaseId, byte[] array, int offset, int length)
    {
        var grant = new LaneGrant(leaseId, array, offset, length);
        _grants[leaseId] = grant;
        return grant;
    }

    /// <summary>
    /// Ends a grant: no byte of its range is read after this returns, and a pull under way is cut off (its connection
    /// closed, so that a send blocked on a holder that stopped reading ends too).
    /// </summary>
    internal void Revoke(LaneGrant grant)
    {
        grant.Revoke()?.Dispose();
        _grants.TryRemove(new KeyValuePair<long, LaneGrant>(grant.LeaseId, grant));
    }

    /// <summary>Stops accepting connections while the port stays advertised, as a firewall would (tests of the fallback).</summary>
    internal void StopListening() => _listener.Dispose();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _stop.Cancel();
        _listener.Dispose();
        foreach (var grant in _grants.Values) Revoke(grant);
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset or SocketError.TooManyOpenSockets)
            {
                // One connection that failed before it was accepted (or a passing shortage): the lane goes on.
                _log.Warning("The data lane on {0} could not accept a connection: {1}. It goes on listening.", _where, ex.Message);
                continue;
            }
            catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException or SocketException)
            {
                if (Volatile.Read(ref _disposed) == 0)
                    _log.Warning("The data lane on {0} stopped accepting connections: {1}. Transfers offered over it fall back to remoting.", _where, ex.Message);
                return;
            }
            if (Interlocked.Increment(ref _connections) > MaxConnections)
            {
                Interlocked.Decrement(ref _connections);
                Interlocked.Increment(ref _refused);
                _log.Warning("The data lane on {0} closed a connection from {1}: {2} are served already.", _where, connection.RemoteEndPoint, MaxConnections);
                connection.Dispose();
                continue;
            }
            new Thread(() => Serve(connection)) { IsBackground = true, Name = "actorinterp-lane-serve" }.Start();
        }
    }

    /// <summary>
    /// Serves one connection on a thread of its own, with blocking socket calls: the copying and checksumming of a
    /// large transfer never occupy the thread pool, where Akka's dispatchers run the small messages between the nodes.
    /// </summary>
    private void Serve(Socket connection)
    {
        var peer = connection.RemoteEndPoint?.ToString() ?? "an unknown peer";
        var staging = ArrayPool<byte>.Shared.Rent(LaneWire.HeaderBytes + LaneWire.ChunkBytes);
        try
        {
            connection.NoDelay = true;
            connection.ReceiveTimeout = (int)RequestTimeout.TotalMilliseconds;
            using var stream = new NetworkStream(connection, ownsSocket: true);
            stream.ReadExactly(staging, 0, LaneWire.RequestBytes);
            if (!LaneWire.TryReadRequest(staging, out var leaseId, out var token) || !_grants.TryGetValue(leaseId, out var grant) || !grant.TryClaim(token, connection))
            {
                Interlocked.Increment(ref _refused);
                _log.Warning("The data lane on {0} refused a request from {1}: it names no lease offered with that token (malformed, forged, or used already).", _where, peer);
                stream.WriteByte(LaneWire.Refused);
                return;
            }
            stream.WriteByte(LaneWire.Accepted);
            SendFrames(stream, grant, staging);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or EndOfStreamException)
        {
            // The holder node sees the same end (a stream cut short) and reports it on its side; here it is only noted.
            _log.Info("The data lane on {0} stopped serving {1}: {2}.", _where, peer, ex.Message);
        }
        catch (Exception ex)
        {
            // Not a connection's end: a fault of the lane itself. The transfer fails on the holder node (its stream ends).
            _log.Error(ex, "The data lane on {0} failed while serving {1}.", _where, peer);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(staging);
            Interlocked.Decrement(ref _connections);
        }
    }

    private void SendFrames(NetworkStream stream, LaneGrant grant, byte[] staging)
    {
        var frames = grant.Length == 0 ? 0 : (int)(((long)grant.Length + LaneWire.ChunkBytes - 1) / LaneWire.ChunkBytes);
        for (var index = 0; index < frames; index++)
        {
            if (Faults.BeforeFrame is { } before) before(grant.LeaseId, index).GetAwaiter().GetResult();
            if (Faults.CloseAfterFrames is { } close && index >= close.Value) return;
            var length = LaneWire.FrameLength(grant.Length, index);
            var data = staging.AsSpan(LaneWire.HeaderBytes, length);
            // A revoked grant (the lease ended) ends the stream here: the holder node sees it cut short.
            if (!grant.TryCopy(index * LaneWire.ChunkBytes, data)) return;
            LaneWire.WriteHeader(staging, length, Checksum64.Compute(data));
            Faults.AfterChecksum?.Invoke(grant.LeaseId, index, staging);
            stream.Write(staging, 0, LaneWire.HeaderBytes + length);
            Interlocked.Add(ref _bytesSent, length);
        }
        // Every frame is sent; the grant is spent (the holder's acknowledgement over remoting completes the lease).
        // Its connection is this one, closed gracefully by the caller once the last frame is on its way.
        _ = grant.Revoke();
        _grants.TryRemove(new KeyValuePair<long, LaneGrant>(grant.LeaseId, grant));
    }
}
