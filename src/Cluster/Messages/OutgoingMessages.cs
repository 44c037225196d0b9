using System.Runtime.Serialization;
using ActorInterp.Actors;
using ActorInterp.Domains;
using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>
/// Builds the exchange's request for an actor message to a domain actor on another node, on the sender's
/// thread: serializes its body and checks the frame it will travel in against the wire's rules
/// (<see cref="FrameRules"/>, the serializer's own), so that what the wire cannot carry is refused at the call,
/// with every borrow made for the message given back, instead of being dropped on the way.
/// </summary>
internal static class OutgoingMessages
{
    /// <summary>The request for <paramref name="graph"/>, whose buffers were lent as <paramref name="links"/>.</summary>
    /// <exception cref="WireLimitException">A path, the body or the buffer count is over the wire's limits; every borrow was given back.</exception>
    /// <exception cref="NotShareableException">The body cannot be serialized; every borrow was given back.</exception>
    internal static MessageRequest Build(ClusterExchange exchange, object graph, BufferLink[] links, DomainActorRef target, IActorRef? sender,
        Domain? from, bool tracked, Action<MessageDrop>? onDropped)
    {
        var handles = links.Select(l => l.Handle).ToArray();
        try
        {
            var targetPath = exchange.FullPath(target.Path);
            var senderPath = sender is null || sender.IsNobody() ? "" : exchange.FullPath(sender.Path);
            // What needs no serializing first: a message refused for its target's path is not serialized at all.
            if (FrameRules.Check(Frame(handles.Length, targetPath, senderPath, [])) is { } early) throw Refused(early, graph, target, from);
            byte[] payload;
            try
            {
                payload = RemotePayload.Serialize(exchange.Runtime.System, graph, links.Select(l => l.Source).ToArray());
            }
            catch (SerializationException ex)
            {
                var type = TypeOf(graph);
                throw new NotShareableException(from?.Name ?? "(none)", TypeNames.Of(type), type,
                    $"{TypeNames.Of(type)} cannot be sent from {Describe(from)} to {target}: {ex.Message}. Nothing was sent.");
            }
            if (FrameRules.Check(Frame(handles.Length, targetPath, senderPath, payload)) is { } problem) throw Refused(problem, graph, target, from);
            return new MessageRequest(handles, target.Node, targetPath, target.DomainId, senderPath, payload, tracked, onDropped);
        }
        catch
        {
            foreach (var handle in handles) handle.Dispose();
            throw;
        }
    }

    /// <summary>The frame the message will travel in, with the leases and sequence numbers the exchange gives it later (any valid ones check alike).</summary>
    private static DeliverMessage Frame(int buffers, string target, string sender, byte[] payload) =>
        new(new long[buffers], Enumerable.Repeat(1, buffers).ToArray(), target, 0, sender, payload, 0);

    private static WireLimitException Refused(FrameProblem problem, object graph, DomainActorRef target, Domain? from) => new(problem.Field, problem.Limit,
        $"{TypeNames.Of(TypeOf(graph))} cannot be sent from {Describe(from)} to {target}: {problem}. " +
        $"Nothing was sent, and the borrows made for it were given back. To send it, {problem.Advice}.");

    // A channel item is named by its own type, not by the put that carries it.
    private static Type TypeOf(object graph) => graph switch
    {
        ChannelPut { Item: UnboundChoice { Item: { } chosen } } => chosen.GetType(),
        ChannelPut { Item: { } item } => item.GetType(),
        _ => graph.GetType(),
    };

    private static string Describe(Domain? from) => from is null ? "code outside every domain" : $"domain '{from.Name}'";
}
