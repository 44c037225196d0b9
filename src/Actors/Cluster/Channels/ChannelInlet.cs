using ActorInterp.Domains;
using Akka.Actor;
using Akka.Event;

namespace ActorInterp.Actors.Cluster;

/// <summary>
/// A channel's entrance for remote send ends, a domain actor in the node's inlets domain: it receives each
/// item as a domain actor receives a message (its buffers as proxies on this node's copies), puts it into the
/// channel (which passes the proxies on to the receiving domain) and lets go of its own hold. Items are taken
/// one at a time, in order; while a bounded channel is full the inlet waits, off the mirror's thread. Every
/// put is answered, once its item is in the channel or was refused, through the exchange to the sending
/// node's answer actor: the answers to one node keep the order of its puts, which its send window counts on.
/// </summary>
internal sealed class ChannelInlet<T> : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly DomainChannel<T> _channel;
    private readonly RuntimeActors _actors;

    public ChannelInlet(DomainChannel<T> channel, RuntimeActors actors)
    {
        _channel = channel;
        _actors = actors;
        ReceiveAsync<ChannelPut>(async put =>
        {
            var answerTo = Sender;
            var answer = await PutAsync(put);
            Answer(put, answerTo, answer);
        });
        Receive<ChannelClose>(_ => channel.Sender.Close());
    }

    private async Task<ChannelPutAnswer> PutAsync(ChannelPut put)
    {
        var proxies = ProxyCollector.Collect(put.Item);
        try
        {
            if (put.Item is not T && !(put.Item is null && default(T) is null))
            {
                RuntimeActors.Count(ref _actors.ChannelItemsDropped);
                var why = $"An item of type {put.Item?.GetType().Name ?? "null"} from another node is not a {typeof(T).Name}, the item type of channel '{_channel.Name}'; it was dropped.";
                _log.Warning(why);
                return new ChannelPutAnswer(put.Window, put.Id, ChannelAnswerKind.Refused, why);
            }
            await _channel.Sender.SendAsync((T)put.Item!);
            return new ChannelPutAnswer(put.Window, put.Id, ChannelAnswerKind.Done, null);
        }
        catch (ChannelClosedException ex)
        {
            // The sending node learns it from the answer; the count keeps the node's own figures whole.
            RuntimeActors.Count(ref _actors.ChannelItemsDropped);
            return new ChannelPutAnswer(put.Window, put.Id, ChannelAnswerKind.Closed, ex.Message);
        }
        finally
        {
            // The channel holds its own borrow of each buffer now (or gave it back): the inlet lets go.
            foreach (var proxy in proxies) proxy.Dispose();
        }
    }

    private void Answer(ChannelPut put, IActorRef answerTo, ChannelPutAnswer answer)
    {
        if (answerTo.IsNobody())
        {
            _log.Warning("A put on channel '{0}' from another node came without its answer actor; its answer ({1}) was not sent.", _channel.Name, answer.Kind);
            return;
        }
        try
        {
            var target = DomainActorRef.FromResolved(_actors, answerTo, put.AnswerDomainId, put.AnswerDomainName, null);
            // Through the exchange, like every put: the answers to one node arrive in the order of its puts.
            new RemoteChannelTarget(target, _channel.Name).Submit(answer, Domain.Current, countItem: false);
        }
        catch (InvalidOperationException ex)
        {
            // The exchange stopped: this node is leaving, and the sending node learns it when this node goes.
            _log.Warning("The answer to a put on channel '{0}' could not be sent to {1}: {2}", _channel.Name, answerTo.Path, ex.Message);
        }
    }
}
