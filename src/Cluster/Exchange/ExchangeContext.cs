using Akka.Actor;
using Akka.Event;

namespace ActorInterp.Cluster;

/// <summary>
/// What every part of a node's exchange shares: the exchange actor's own reference and address, its settings,
/// figures, log and facade, and the two ways the exchange reports what it refused or could not deliver.
/// Built once by <see cref="ExchangeActor"/>; used on the exchange's (mirror domain's) thread only.
/// </summary>
internal sealed class ExchangeContext
{
    internal ExchangeContext(IActorContext actor, ClusterExchange facade, ClusterExchangeOptions options, ExchangeCounters counters, ILoggingAdapter log)
    {
        Self = actor.Self;
        System = actor.System;
        Provider = ((ExtendedActorSystem)actor.System).Provider;
        SelfAddress = Akka.Cluster.Cluster.Get(actor.System).SelfAddress;
        Facade = facade;
        Options = options;
        Counters = counters;
        Log = log;
        Failures = new DeliveryFailures(counters, log);
    }

    /// <summary>The exchange actor: the sender of everything it tells other nodes' exchanges.</summary>
    internal IActorRef Self { get; }

    internal ActorSystem System { get; }

    /// <summary>Resolves actor paths named by frames from other nodes.</summary>
    internal IActorRefProvider Provider { get; }

    /// <summary>This node's address in the cluster.</summary>
    internal Address SelfAddress { get; }

    internal ClusterExchange Facade { get; }

    internal ClusterExchangeOptions Options { get; }

    internal ExchangeCounters Counters { get; }

    internal ILoggingAdapter Log { get; }

    /// <summary>The one place a delivery that failed is counted and logged.</summary>
    internal DeliveryFailures Failures { get; }

    /// <summary>
    /// Refuses a protocol message that breaks the protocol (an unknown lease, the wrong sender, a bad sequence):
    /// counted in <see cref="ClusterExchangeStats.MessagesRejected"/> and logged with the sender's address.
    /// </summary>
    internal void Reject(object message, Address from, string why)
    {
        ExchangeCounters.Add(ref Counters.MessagesRejected, 1);
        Log.Warning("The buffer exchange of {0} rejected {1} from {2}: {3}.", SelfAddress, message.GetType().Name, from, why);
    }

    /// <summary>
    /// Runs code the exchange does not own (an event handler, a drop callback): what it throws is logged, and
    /// the exchange's state, which holds owners' borrows, stays as it is.
    /// </summary>
    internal void RunHandler(Action handler)
    {
        try
        {
            handler();
        }
        catch (Exception ex)
        {
            Log.Error(ex, "A handler of a buffer exchange event on {0} threw; the exchange keeps running.", SelfAddress);
        }
    }
}
