using ActorInterp.Actors;
using ActorInterp.Domains;
using Akka.Actor;
using Akka.Event;

namespace ActorInterp.Cluster;

/// <summary>
/// Where outlets on other nodes answer this node's remote receive ends: a domain actor in the node's inlets
/// domain. An answer with buffers arrives here as proxies on this node's copies; the actor hands the answer
/// to the waiting receiver, marshalled for the receiver's domain (its proxies are forwarded there, no
/// round trip), and lets go of its own hold. An item nobody waits for any more (the receiver was cancelled
/// or timed out, or could not open it) goes back to its outlet, which serves it to the next remote receive:
/// taken once, it is never lost on the way. An answer to a fetch ahead of a remote try-receive goes to the
/// channel's <see cref="RemotePrefetch"/> instead, its buffers parked there for whichever domain takes it; an
/// item fetched ahead that nobody took comes back here (<see cref="ReturnFetched"/>), is opened here and goes
/// back to its outlet, which confirms it. Inlets answer this node's puts here too: each answer goes to its
/// channel's send window.
/// </summary>
internal sealed class ChannelAnswers : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ChannelAnswers(ClusterExchange exchange, RuntimeActors actors)
    {
        Receive<ChannelAnswer>(answer => OnAnswer(exchange, actors, answer));
        Receive<ReturnFetched>(back => OnReturnFetched(exchange, actors, back));
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
            if (exchange.RemoteChannels.FetchOf(answer.Id, last: !answer.More) is { } prefetch)
            {
                if (!prefetch.OnAnswer(answer)) Return(actors, answer, "it was fetched ahead after this node's buffer exchange stopped");
            }
            // A receive cancelled a moment ago may still be listed: only an answer it took counts as handed on.
            else if (exchange.RemoteChannels.TakeReceive(answer.Id) is not { } waiter || !waiter.TryAnswer(answer))
                Return(actors, answer, "its receiver stopped waiting before it arrived");
        }
        catch (Exception ex) when (ex is NotShareableException or WrongDomainException or InvalidOperationException)
        {
            // The waiter has the failure as its answer; this actor still holds the item.
            _log.Warning("An answer of a remote channel could not be handed to its receiver: {0}", ex.Message);
            Return(actors, answer, $"its receiver could not take it ({ex.Message})");
        }
        finally
        {
            foreach (var proxy in proxies) proxy.Dispose();
        }
    }

    // An item fetched ahead that nobody took: opened here (its buffers were parked), then sent back, confirmed.
    private void OnReturnFetched(ClusterExchange exchange, RuntimeActors actors, ReturnFetched back)
    {
        ChannelAnswer answer;
        try
        {
            answer = (ChannelAnswer)(back.Fetched is MarshalledMessage parked ? parked.Open() : back.Fetched);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or DomainException)
        {
            // Open gave back what it could not open: the item is gone.
            RuntimeActors.Count(ref actors.ChannelItemsDropped);
            _log.Error(ex, "An item of channel '{0}' fetched ahead on this node could not be opened to go back ({1}); it was dropped.", back.Outlet.Path, back.Why);
            exchange.RemoteChannels.TakeReceive(back.AckId)?.Fail(ex);
            return;
        }
        var proxies = ProxyCollector.Collect(answer.Item);
        try
        {
            Return(actors, answer with { ReturnTo = back.Outlet }, back.Why, exchange, back.AckId);
        }
        finally
        {
            foreach (var proxy in proxies) proxy.Dispose();
        }
    }

    /// <summary>
    /// Sends an item back to its outlet (its buffers lent there from this actor's hold, which it then lets go);
    /// with a non-zero <paramref name="ackId"/>, the outlet confirms it to the wait registered under that id.
    /// </summary>
    private void Return(RuntimeActors actors, ChannelAnswer answer, string why, ClusterExchange? exchange = null, long ackId = 0)
    {
        if (answer.Kind != ChannelAnswerKind.Item) return;
        if (answer.ReturnTo is not { } outlet)
        {
            RuntimeActors.Count(ref actors.ChannelItemsDropped);
            _log.Warning("An item from a remote channel was dropped: {0}, and its outlet is not known.", why);
            return;
        }
        try
        {
            // A confirmed return names this actor (and its domain) as where the confirmation goes.
            var back = ackId != 0 && exchange?.ChannelPorts.Answers() is { } answers
                ? new ChannelReturn(answer.Item, ackId, answers.DomainId, answers.DomainName)
                : new ChannelReturn(answer.Item);
            new RemoteChannelTarget(outlet, "(returned item)").Submit(back, Domain.Current, countItem: false, sender: back.AckId == 0 ? null : Self);
        }
        catch (Exception ex) when (ex is NotShareableException or InvalidOperationException)
        {
            RuntimeActors.Count(ref actors.ChannelItemsDropped);
            _log.Error(ex, "An item from a remote channel could not go back to its outlet ({0}); it was dropped.", why);
            if (ackId != 0) exchange?.RemoteChannels.TakeReceive(ackId)?.Fail(ex);
        }
    }
}
