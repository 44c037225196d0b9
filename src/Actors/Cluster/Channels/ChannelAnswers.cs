using ActorInterp.Domains;
using Akka.Actor;
using Akka.Event;

namespace ActorInterp.Actors.Cluster;

/// <summary>
/// Where outlets on other nodes answer this node's remote receive ends: a domain actor in the node's inlets
/// domain. An answer with buffers arrives here as proxies on this node's copies; the actor hands the answer
/// to the waiting receiver, marshalled for the receiver's domain (its proxies are forwarded there, no
/// round trip), and lets go of its own hold. An answer nobody waits for any more (the receiver was
/// cancelled or timed out) is dropped, its borrows given back. Inlets answer this node's puts here too:
/// each answer goes to its channel's send window.
/// </summary>
internal sealed class ChannelAnswers : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ChannelAnswers(ClusterExchange exchange, RuntimeActors actors)
    {
        Receive<ChannelAnswer>(answer => OnAnswer(exchange, actors, answer));
        Receive<ChannelPutAnswer>(answer =>
        {
            if (!exchange.RemoteChannels.OnPutAnswer(answer))
                _log.Warning("An answer ({0}) to put {1} of send window {2} fits no window of this node; it was ignored.", answer.Kind, answer.Id, answer.Window);
        });
    }

    private void OnAnswer(ClusterExchange exchange, RuntimeActors actors, ChannelAnswer answer)
    {
        var proxies = ProxyCollector.Collect(answer.Item);
        try
        {
            if (exchange.TakeChannelWaiter(answer.Id) is { } waiter) waiter.Tell(answer, ActorRefs.NoSender);
            else if (answer.Kind == ChannelAnswerKind.Item)
            {
                RuntimeActors.Count(ref actors.ChannelItemsDropped);
                _log.Warning("An item from a remote channel arrived after its receiver stopped waiting; it was dropped.");
            }
        }
        catch (Exception ex) when (ex is NotShareableException or WrongDomainException or InvalidOperationException)
        {
            // The waiter has the failure as its answer; the item's borrows were given back by the walk.
            _log.Warning("An answer of a remote channel could not be handed to its receiver: {0}", ex.Message);
        }
        finally
        {
            foreach (var proxy in proxies) proxy.Dispose();
        }
    }
}
