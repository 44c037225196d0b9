using ActorInterp.Actors;
using ActorInterp.Domains;

namespace ActorInterp.Cluster;

/// <summary>
/// Where a remote receive end asks for items: its channel's outlet on the channel's node. Each request
/// travels through this node's exchange with this node's answer actor as its sender; the answer comes back
/// the same way (an item's buffers through the exchange, once per node) and is marshalled for the asking
/// domain, which opens it on its own thread. A request waits on the outlet's node: if that node leaves the
/// cluster, the wait fails with <see cref="DomainChannelClosedException"/>.
/// </summary>
internal sealed class RemoteChannelSource(DomainActorRef outlet, string channelName, Guid channelId)
{
    internal DomainActorRef Outlet { get; } = outlet;

    internal string ChannelName { get; } = channelName;

    /// <summary>The channel's id, which the remote receive end reports.</summary>
    internal Guid ChannelId { get; } = channelId;

    /// <summary>
    /// Sends a request and waits for its answer, which is a <see cref="ChannelAnswer"/>, or a marshalled one
    /// to open on <paramref name="asker"/>'s thread. Cancelling a take asks the outlet to stop waiting.
    /// </summary>
    /// <exception cref="InvalidOperationException">No exchange runs on this node.</exception>
    /// <exception cref="DomainChannelClosedException">(In the task) the outlet's node left the cluster (or had left it).</exception>
    internal async Task<object> RequestAsync(ChannelRequestKind kind, bool force, Domain? asker, CancellationToken cancellationToken)
    {
        var exchange = ClusterExchange.Find(Outlet.Actors.Runtime) ?? throw new InvalidOperationException(
            $"Receiving on the remote receive end of channel '{ChannelName}' needs this node's buffer exchange: start it with ClusterExchange.StartAsync.");
        var answers = exchange.ChannelPorts.Answers();
        var (id, waiter) = exchange.RemoteChannels.BeginReceive(asker, Outlet.Node, ChannelName);
        try
        {
            if (waiter.Task.IsCompleted) return await waiter.Task.ConfigureAwait(false); // the node is gone: nobody to ask
            Send(new ChannelRequest(id, kind, force, answers.DomainId, answers.DomainName), answers, asker);
            await using var onCancel = cancellationToken.Register(() =>
            {
                waiter.Cancel(cancellationToken);
                if (kind == ChannelRequestKind.Take)
                    Send(new ChannelRequest(id, ChannelRequestKind.Cancel, false, answers.DomainId, answers.DomainName), answers, null);
            });
            return await waiter.Task.ConfigureAwait(false);
        }
        finally
        {
            exchange.RemoteChannels.TakeReceive(id);
        }
    }

    private void Send(ChannelRequest request, DomainActorRef answers, Domain? from) =>
        new RemoteChannelTarget(Outlet, ChannelName).Submit(request, from, countItem: false, sender: answers.ActorRef);
}
