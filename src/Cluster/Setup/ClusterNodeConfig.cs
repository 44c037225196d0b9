using System.Globalization;
using Akka.Actor;
using Akka.Configuration;

namespace ActorInterp.Cluster;

/// <summary>
/// Builds the HOCON of a cluster node for ActorInterp: the cluster provider, remoting on
/// <c>hostname:port</c> (port 0 picks a free one), seed nodes, roles, Akka.Cluster's split brain resolver
/// as the downing provider, and the remote-borrow protocol's serializer bound to its message types only.
/// </summary>
public static class ClusterNodeConfig
{
    /// <summary>The protocol's message types, each bound to <see cref="ExchangeSerializer"/>.</summary>
    internal static readonly Type[] ProtocolTypes =
        [typeof(Offer), typeof(Chunk), typeof(ChunkAck), typeof(Deliver), typeof(Release), typeof(ReleaseAck), typeof(TransferFailed), typeof(DeliverMessage), typeof(MessageDone), typeof(LaneDeclined)];

    private const string SerializerName = "actorinterp-exchange";

    /// <summary>The serializer registration alone, to merge into a configuration of your own.</summary>
    public static Config SerializationConfig => ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers { {{SerializerName}} = "{{typeof(ExchangeSerializer).AssemblyQualifiedName}}" }
          serialization-bindings {
            {{string.Join("\n    ", ProtocolTypes.Select(t => $"\"{t.FullName}, {t.Assembly.GetName().Name}\" = {SerializerName}"))}}
          }
        }
        """);

    /// <summary>
    /// A node's configuration.
    /// </summary>
    /// <param name="hostname">The address to bind and advertise (127.0.0.1 for tests and one-machine demos).</param>
    /// <param name="port">The TCP port; 0 picks a free one (read it back from the cluster's SelfAddress).</param>
    /// <param name="seedNodes">Addresses such as <c>akka.tcp://sys@127.0.0.1:4053</c>; none to join by code.</param>
    /// <param name="roles">The node's cluster roles.</param>
    /// <param name="stableAfter">How long the split brain resolver waits for a stable view before downing unreachable nodes. Default 5 s.</param>
    /// <param name="fastFailureDetection">Heartbeat every 250 ms and call a node unreachable after 1.5 s of silence
    /// (instead of Akka's 1 s and 3 s): for tests and demos on one machine.</param>
    /// <param name="leaveOnTerminate">True (Akka's default): terminating the actor system leaves the cluster
    /// gracefully. False: termination stops the node without leaving, as a crash would (tests of failure).</param>
    /// <param name="logLevel">Akka's log level: DEBUG, INFO, WARNING (default), ERROR or OFF.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is outside 0..65535.</exception>
    /// <exception cref="ArgumentException"><paramref name="logLevel"/> is not one of Akka's levels.</exception>
    public static Config Create(string hostname = "127.0.0.1", int port = 0, IEnumerable<string>? seedNodes = null,
        IEnumerable<string>? roles = null, TimeSpan? stableAfter = null, bool fastFailureDetection = false, bool leaveOnTerminate = true,
        string logLevel = "WARNING")
    {
        if (logLevel is not ("DEBUG" or "INFO" or "WARNING" or "ERROR" or "OFF"))
            throw new ArgumentException($"'{logLevel}' is not an Akka log level (DEBUG, INFO, WARNING, ERROR, OFF).", nameof(logLevel));
        ArgumentException.ThrowIfNullOrWhiteSpace(hostname);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        static string List(IEnumerable<string>? items) => string.Join(", ", (items ?? []).Select(s => $"\"{s}\""));
        var stable = (long)(stableAfter ?? TimeSpan.FromSeconds(5)).TotalMilliseconds;
        var detection = fastFailureDetection
            ? """
              failure-detector {
                heartbeat-interval = 250ms
                acceptable-heartbeat-pause = 1500ms
                expected-response-after = 500ms
              }
              unreachable-nodes-reaper-interval = 250ms
              gossip-interval = 250ms
              leader-actions-interval = 250ms
              """
            : "";
        var onOff = leaveOnTerminate ? "on" : "off";
        return ConfigurationFactory.ParseString($$"""
            akka {
              loglevel = {{logLevel}}
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
              actor.provider = cluster
              extensions = ["{{typeof(ClusterRemoteLayer.ClusterRemoteLayerId).AssemblyQualifiedName}}"]
              remote {
                log-remote-lifecycle-events = off
                dot-netty.tcp {
                  hostname = "{{hostname}}"
                  port = {{port.ToString(CultureInfo.InvariantCulture)}}
                }
              }
              coordinated-shutdown.run-by-actor-system-terminate = {{onOff}}
              cluster {
                seed-nodes = [{{List(seedNodes)}}]
                roles = [{{List(roles)}}]
                run-coordinated-shutdown-when-down = {{onOff}}
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  active-strategy = keep-oldest
                  stable-after = {{stable}}ms
                  keep-oldest.down-if-alone = on
                }
                {{detection}}
              }
            }
            """).WithFallback(SerializationConfig);
    }

    /// <summary>Registers the protocol's serializer on a system whose configuration did not.</summary>
    internal static void EnsureSerializer(ExtendedActorSystem system)
    {
        if (system.Serialization.FindSerializerForType(typeof(Chunk)) is ExchangeSerializer) return;
        var serializer = new ExchangeSerializer(system);
        system.Serialization.AddSerializer(SerializerName, serializer);
        foreach (var type in ProtocolTypes) system.Serialization.AddSerializationMap(type, serializer);
    }

    // Room for Akka's own envelope around a frame (recipient and sender paths, serializer id, manifest, sequence).
    private const int EnvelopeAllowance = 4096;

    /// <summary>
    /// Refuses to start an exchange whose largest frame Akka remoting would discard as oversized (it logs and
    /// drops such a message, so nobody would learn of it): the transport's maximum frame must hold the largest
    /// actor message the protocol allows and a whole chunk.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>akka.remote.dot-netty.tcp.maximum-frame-size</c> is too small.</exception>
    internal static void CheckFrameSize(ActorSystem system, ClusterExchangeOptions options)
    {
        const string path = "akka.remote.dot-netty.tcp.maximum-frame-size";
        var frame = system.Settings.Config.GetByteSize(path, null);
        var needed = (long)Math.Max(FrameRules.LargestFrameBytes, options.ChunkSize + 33) + EnvelopeAllowance;
        if (frame is long bytes && bytes < needed)
            throw new InvalidOperationException(
                $"Akka remoting's {path} is {bytes:N0} bytes on '{system.Name}', under the {needed:N0} bytes the buffer exchange's largest frames need " +
                $"(an actor message at the protocol's limits, or a chunk of {options.ChunkSize:N0} bytes); remoting would drop them. Raise it to at least {needed:N0} bytes.");
    }

    /// <summary>The serializer instance the system uses for the protocol (for its rejection count).</summary>
    internal static ExchangeSerializer? SerializerOf(ActorSystem system) =>
        system.Serialization.FindSerializerForType(typeof(Chunk)) as ExchangeSerializer;
}
