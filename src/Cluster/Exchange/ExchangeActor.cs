using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using AkkaCluster = Akka.Cluster.Cluster;
using ClusterEvent = Akka.Cluster.ClusterEvent;

namespace ActorInterp.Cluster;

/// <summary>
/// A node's buffer exchange (<c>/user/actorinterp-exchange</c>), running on the mirror domain's thread. It receives
/// the protocol's messages and hands each to the part of the exchange whose role it is: the owner side
/// (<see cref="LeaseBook"/>: leases of this node's buffers to other nodes), the holder side
/// (<see cref="MirrorBook"/>: copies of other nodes' buffers), the actor messages with buffers
/// (<see cref="MessageRelay"/>), and the cluster's members (<see cref="Membership"/>). All of them live on this
/// actor's thread: one message at a time, no locks.
/// </summary>
internal sealed class ExchangeActor : UntypedActor
{
    internal const string Name = "actorinterp-exchange";

    private readonly ExchangeContext _context;
    private readonly PeerDirectory _peers;
    private readonly LeaseBook _leases;
    private readonly MirrorBook _mirrors;
    private readonly MessageRelay _relay;
    private readonly Membership _membership;

    public ExchangeActor(ClusterExchange facade, ClusterExchangeOptions options, ExchangeCounters counters,
        ConcurrentDictionary<string, EndpointBinding> bindings)
    {
        _context = new ExchangeContext(Context, facade, options, counters, Context.GetLogger());
        _peers = new PeerDirectory(_context.Provider);
        var endpoints = new EndpointDeliveries(_context, bindings);
        _leases = new LeaseBook(_context, _peers, endpoints);
        _mirrors = new MirrorBook(_context, _peers, endpoints);
        _relay = new MessageRelay(_context, _peers, _leases, _mirrors);
        _membership = new Membership(_context, _peers, _leases, _mirrors, _relay);
    }

    protected override void PreStart() =>
        AkkaCluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent));

    protected override void OnReceive(object message)
    {
        try
        {
            Dispatch(message, Sender);
        }
        catch (Exception ex)
        {
            // The exchange's state (leases that hold owners' borrows, copies with holders) must survive a
            // failure on one message; a restart would lose it. The failure is logged with the message.
            _context.Log.Error(ex, "The buffer exchange of {0} failed on {1} from {2}; the exchange keeps running.",
                _context.SelfAddress, message.GetType().Name, Sender.Path.Address);
        }
    }

    private void Dispatch(object message, IActorRef sender)
    {
        var from = sender.Path.Address;
        switch (message)
        {
            // From this node's threads.
            case ShareRequest request: _leases.Lend(request); break;
            case MessageRequest request: _relay.OnMessageRequest(request); break;
            case MirrorIdle idle: _mirrors.ReleaseIfIdle(idle.Mirror); break;
            case LanePullEnded ended: _mirrors.OnLanePullEnded(ended); break;
            case InspectRequest: sender.Tell(new ExchangeView(_peers.Members, _leases.View(), _mirrors.Count)); break;
            // From the owner side of another node's exchange.
            case Offer offer: _mirrors.OnOffer(offer, sender); break;
            case Chunk chunk: _mirrors.OnChunk(chunk, from); break;
            case Deliver deliver: _mirrors.OnDeliver(deliver, from); break;
            case ReleaseAck ack: _mirrors.OnReleaseAck(ack, from); break;
            case DeliverMessage deliver: _relay.OnDeliverMessage(deliver, from); break;
            // From the holder side of another node's exchange.
            case ChunkAck ack: _leases.OnChunkAck(ack, from); break;
            case Release release: _leases.OnRelease(release, from); break;
            case TransferFailed failed: _leases.OnTransferFailed(failed, from); break;
            case LaneDeclined declined: _leases.OnLaneDeclined(declined, from); break;
            case MessageDone done: _relay.OnMessageDone(done, from); break;
            // From Akka.Cluster.
            case ClusterEvent.MemberRemoved removed: _membership.OnMemberRemoved(removed.Member.Address); break;
            case ClusterEvent.IMemberEvent member: _membership.OnMemberSeen(member.Member.Address); break;
            default: _context.Reject(message, from, "it is not a message of the remote-borrow protocol"); break;
        }
    }

    protected override void PostStop()
    {
        AkkaCluster.Get(Context.System).Unsubscribe(Self);
        // Borrows this node lent are given back to their owners (nobody will release them through us now);
        // copies of other nodes' buffers are freed once their local holders let go, without a release: the
        // owner nodes reclaim them when this node leaves.
        _leases.ReturnAll();
        _mirrors.DropAll();
        // The lane goes with the exchange (also when the actor system terminates without DisposeAsync).
        _context.Facade.Lane?.Dispose();
    }
}
