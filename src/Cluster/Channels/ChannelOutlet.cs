using ActorInterp.Actors;
using ActorInterp.Domains;
using Akka.Actor;
using Akka.Event;

namespace ActorInterp.Cluster;

/// <summary>
/// A channel's exit for remote receive ends, a domain actor in the node's inlets domain (beside the
/// channel's inlet). Each take receives one item from the channel as a local receiver would (so each item
/// reaches exactly one receiver, local or remote), materialised here as proxies; the answer then travels
/// through the exchange to the asking node (the bytes of its buffers once per node) and the outlet lets go
/// of its own hold. Takes that wait do not hold up the outlet: a try-take or a close behind them is
/// answered at once. A try-take (a fetch ahead for remote try-receives) may take several items queued now,
/// each answered on its own.
/// </summary>
/// <remarks>
/// An item taken for a remote receive that stopped waiting before it arrived comes back
/// (<see cref="ChannelReturn"/>) and is kept here, ahead of the channel, for the next remote take: a take
/// already waiting gets it at once. Only remote receive ends see such items; a close without force
/// counts them as queued, a forced close drops them. An item fetched ahead for a remote try-receive and
/// not taken comes back the same way, and the outlet confirms it (the receiving node waits for that before
/// it sends a close or stops its exchange).
/// </remarks>
internal sealed class ChannelOutlet<T> : ReceiveActor
{
    // The most items one try-take takes, whatever it asks for.
    private const int MaxTryTake = 1024;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly DomainChannel<T> _channel;
    private readonly RuntimeActors _actors;
    private readonly Dictionary<(IActorRef Asker, long Id), CancellationTokenSource> _waiting = [];
    private readonly Queue<T> _returned = new();
    // Waiting takes whose wait this outlet cancelled to serve them a returned item instead.
    private readonly HashSet<(IActorRef Asker, long Id)> _preempted = [];
    private DomainActorRef? _self;

    public ChannelOutlet(DomainChannel<T> channel, RuntimeActors actors)
    {
        _channel = channel;
        _actors = actors;
        Receive<ChannelRequest>(OnRequest);
        Receive<Taken>(OnTaken);
        Receive<ChannelReturn>(OnReturn);
    }

    protected override void PostStop()
    {
        foreach (var item in _returned) Drop(item);
        _returned.Clear();
    }

    private void OnRequest(ChannelRequest request)
    {
        var asker = Sender;
        switch (request.Kind)
        {
            case ChannelRequestKind.Take:
                Take(request, asker);
                break;
            case ChannelRequestKind.TryTake:
                TryTake(request, asker);
                break;
            case ChannelRequestKind.Cancel:
                _preempted.Remove((asker, request.Id));
                if (_waiting.Remove((asker, request.Id), out var cts))
                {
                    cts.Cancel();
                    cts.Dispose();
                }
                break;
            case ChannelRequestKind.Close:
                if (_returned.Count > 0 && !request.Force)
                {
                    var queued = _channel.Count + _returned.Count;
                    Answer(request, asker, new ChannelAnswer(request.Id, ChannelAnswerKind.NotEmpty, null,
                        $"Channel '{_channel.Name}' still holds {queued} item(s) ({_returned.Count} of them returned by remote receives that stopped waiting); receive them first, or close with force.", queued));
                    break;
                }
                try
                {
                    _channel.Receiver.Close(request.Force);
                    foreach (var returned in _returned) Drop(returned);
                    _returned.Clear();
                    Answer(request, asker, new ChannelAnswer(request.Id, ChannelAnswerKind.Done, null, null, 0));
                }
                catch (ChannelNotEmptyException ex)
                {
                    Answer(request, asker, new ChannelAnswer(request.Id, ChannelAnswerKind.NotEmpty, null, ex.Message, ex.Count));
                }
                break;
            default:
                _log.Warning("Channel '{0}' ignored a request of unknown kind {1} from {2}.", _channel.Name, (int)request.Kind, asker.Path);
                break;
        }
    }

    // Up to request.Count items queued now, returned ones first, each answered on its own; the answers end
    // with the last item taken, or with what stopped the run (nothing queued, the channel closed).
    private void TryTake(ChannelRequest request, IActorRef asker)
    {
        var count = Math.Clamp(request.Count, 1, MaxTryTake);
        for (var i = 0; i < count; i++)
        {
            var more = i + 1 < count;
            if (_returned.TryDequeue(out var back))
            {
                Answer(request, asker, ItemAnswer(request, back) with { More = more });
                continue;
            }
            try
            {
                if (!_channel.Receiver.TryReceive(out var item))
                {
                    Answer(request, asker, new ChannelAnswer(request.Id, ChannelAnswerKind.Empty, null, null, 0));
                    return;
                }
                Answer(request, asker, ItemAnswer(request, item) with { More = more });
            }
            catch (DomainChannelClosedException ex)
            {
                Answer(request, asker, new ChannelAnswer(request.Id, ChannelAnswerKind.Closed, null, ex.Message, 0));
                return;
            }
            catch (ItemOwnerClosedException ex)
            {
                Answer(request, asker, UnboundAnswer(request, ex) with { More = more }); // consumed, as an item is
            }
        }
    }

    private void Take(ChannelRequest request, IActorRef asker)
    {
        if (_returned.TryDequeue(out var back))
        {
            Answer(request, asker, ItemAnswer(request, back));
            return;
        }
        var cts = new CancellationTokenSource();
        _waiting[(asker, request.Id)] = cts;
        Task<T> receiving;
        try
        {
            // Receiving here makes this domain the item's receiver: its buffers become proxies held here.
            receiving = _channel.Receiver.ReceiveAsync(cts.Token).AsTask();
        }
        catch (Exception ex)
        {
            // Failed before it began waiting (closed, or the item found at once could not be opened here): answered
            // as a failed wait is, so that the take never waits for a wait that never started.
            receiving = Task.FromException<T>(ex);
        }
        // The item comes back to this actor, on this domain's thread, where its proxies may be shared on.
        receiving.ContinueWith(t => new Taken(request, asker, t), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).PipeTo(Self);
    }

    private void OnTaken(Taken taken)
    {
        var (request, asker, task) = taken;
        if (_waiting.Remove((asker, request.Id), out var cts)) cts.Dispose();
        var preempted = _preempted.Remove((asker, request.Id));
        if (task.IsCanceled)
        {
            // Cancelled by the asker (nothing to answer), or here, for a returned item: if a try-take got
            // that item first, the take waits on.
            if (preempted) Take(request, asker);
            return;
        }
        if (task.Exception?.InnerException is { } failure)
        {
            if (failure is ItemOwnerClosedException unbound)
            {
                Answer(request, asker, UnboundAnswer(request, unbound));
                return;
            }
            if (failure is DomainChannelClosedException closed)
            {
                Answer(request, asker, new ChannelAnswer(request.Id, ChannelAnswerKind.Closed, null, closed.Message, 0));
                return;
            }
            _log.Warning("A take on channel '{0}' for another node failed: {1}", _channel.Name, failure.Message);
            Answer(request, asker, new ChannelAnswer(request.Id, ChannelAnswerKind.Closed, null,
                $"Receiving from channel '{_channel.Name}' on its node failed: {failure.Message}", 0));
            return;
        }
        Answer(request, asker, ItemAnswer(request, task.Result));
    }

    // The unbound item was consumed here; the remote receive throws as a local one would (or, for an entry
    // receive of a marker, returns the placeholder).
    private static ChannelAnswer UnboundAnswer(ChannelRequest request, ItemOwnerClosedException ex) =>
        new(request.Id, ChannelAnswerKind.Unbound, ex.OwnerName, ex.Message, (ex.Item.OwnerNode is null ? 0 : 1) | (ex.IsMarker ? 2 : 0));

    private ChannelAnswer ItemAnswer(ChannelRequest request, T item) =>
        new(request.Id, ChannelAnswerKind.Item, item, null, 0, _self ??= DomainActorRef.Of(_actors.Runtime, Self));

    private void OnReturn(ChannelReturn back)
    {
        if (back.Item is not T item || _channel.Receiver.IsClosed)
        {
            Drop(back.Item);
            _log.Warning("An item of channel '{0}' that a remote receive stopped waiting for came back after the receive end closed; it was dropped.", _channel.Name);
            Confirm(back, ChannelAnswerKind.Closed,
                $"An item of channel '{_channel.Name}' sent back to the channel's node was dropped there: the channel's receive end is closed.");
            return;
        }
        _returned.Enqueue(item); // its proxies are this outlet's until a take hands it on
        Confirm(back, ChannelAnswerKind.Done, null);
        // A take already waiting gets it now rather than waiting for the channel.
        foreach (var (key, cts) in _waiting)
        {
            if (_preempted.Contains(key)) continue;
            _preempted.Add(key);
            cts.Cancel();
            break;
        }
    }

    // A node that sent back an item fetched ahead waits for this before it closes or stops its exchange.
    private void Confirm(ChannelReturn back, ChannelAnswerKind kind, string? message)
    {
        if (back.AckId != 0) Answer(back.AckId, back.AnswerDomainId, back.AnswerDomainName, Sender, new ChannelAnswer(back.AckId, kind, null, message, 0));
    }

    private void Drop(object? item)
    {
        foreach (var proxy in ProxyCollector.Collect(item)) proxy.Dispose();
        RuntimeActors.Count(ref _actors.ChannelItemsDropped);
    }

    private void Answer(ChannelRequest request, IActorRef asker, ChannelAnswer answer) =>
        Answer(request.Id, request.AnswerDomainId, request.AnswerDomainName, asker, answer);

    private void Answer(long id, int answerDomainId, string answerDomainName, IActorRef asker, ChannelAnswer answer)
    {
        var proxies = ProxyCollector.Collect(answer.Item);
        try
        {
            var target = ClusterRemoteLayer.Resolve(_actors, asker, answerDomainId, answerDomainName, null);
            new RemoteChannelTarget(target, _channel.Name).Submit(answer, Domain.Current, countItem: false);
        }
        catch (Exception ex) when (ex is NotShareableException or InvalidOperationException && answer.Kind == ChannelAnswerKind.Item)
        {
            // The item was taken and cannot be sent on (over the wire's limits, not serializable, its buffers revoked):
            // it is dropped here, and the receive that took it is told so rather than left waiting. (If the exchange
            // stopped, that answer cannot go either, and the case below logs it.)
            RuntimeActors.Count(ref _actors.ChannelItemsDropped);
            _log.Warning("An item of channel '{0}' taken for a receive on {1} cannot travel there, so it was dropped: {2}", _channel.Name, asker.Path.Address, ex.Message);
            Answer(id, answerDomainId, answerDomainName, asker, new ChannelAnswer(id, ChannelAnswerKind.Refused, null,
                $"An item of channel '{_channel.Name}' taken for this receive cannot travel from the channel's node {((ExtendedActorSystem)Context.System).Provider.DefaultAddress}: {ex.Message} It was dropped there (its borrows were given back); other receives go on.", 0,
                More: answer.More));
        }
        catch (Exception ex) when (ex is NotShareableException or InvalidOperationException)
        {
            // The answer cannot be sent (the exchange stopped: this node is leaving): an item it carried is lost for
            // every receiver, which the log says; the receiving node learns of this node's going on its own.
            RuntimeActors.Count(ref _actors.ChannelItemsDropped);
            _log.Error(ex, "An answer of channel '{0}' to {1} could not be sent; the item it carried was dropped.", _channel.Name, asker.Path);
        }
        finally
        {
            // The answer holds its own borrows now (or gave them back): the outlet lets go.
            foreach (var proxy in proxies) proxy.Dispose();
        }
    }

    private sealed record Taken(ChannelRequest Request, IActorRef Asker, Task<T> Task);
}
