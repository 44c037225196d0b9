using Akka.Actor;
using Akka.Event;

namespace ActorInterp.Actors.Cluster;

/// <summary>
/// A channel's entrance for remote send ends, a domain actor in the node's mirror domain: it receives each
/// item as a domain actor receives a message (its buffers as proxies on this node's copies), puts it into the
/// channel (which passes the proxies on to the receiving domain) and lets go of its own hold. Items are taken
/// one at a time, in order; while a bounded channel is full the inlet waits, off the mirror's thread.
/// </summary>
internal sealed class ChannelInlet<T> : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ChannelInlet(DomainChannel<T> channel, RuntimeActors actors)
    {
        ReceiveAsync<ChannelPut>(async put =>
        {
            var proxies = ProxyCollector.Collect(put.Item);
            try
            {
                if (put.Item is not T item && !(put.Item is null && default(T) is null))
                {
                    _log.Warning("An item of type {0} for channel '{1}' from another node is not a {2}; it was dropped.",
                        put.Item?.GetType().Name ?? "null", channel.Name, typeof(T).Name);
                    RuntimeActors.Count(ref actors.ChannelItemsDropped);
                    return;
                }
                await channel.Sender.SendAsync((T)put.Item!);
            }
            catch (ChannelClosedException ex)
            {
                RuntimeActors.Count(ref actors.ChannelItemsDropped);
                _log.Warning("An item for channel '{0}' from another node was dropped: {1}", channel.Name, ex.Message);
            }
            finally
            {
                // The channel holds its own borrow of each buffer now (or gave it back): the inlet lets go.
                foreach (var proxy in proxies) proxy.Dispose();
            }
        });
        Receive<ChannelClose>(_ => channel.Sender.Close());
    }
}
