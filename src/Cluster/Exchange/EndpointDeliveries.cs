using System.Collections.Concurrent;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>
/// Hands buffers to this node's bound endpoints (<see cref="ClusterExchange.Bind"/>): a handle addressed to the
/// endpoint's domain, and its handler run on that domain's thread. A delivery that finds no endpoint, or a closing
/// domain, gives its handle back and is recorded as failed. Exchange thread only.
/// </summary>
internal sealed class EndpointDeliveries(ExchangeContext context, ConcurrentDictionary<string, EndpointBinding> bindings)
{
    /// <summary>Gives the endpoint named by <paramref name="deliver"/> a proxy on <paramref name="mirror"/>'s copy (which is live from here on).</summary>
    internal void FromCopy(Mirror mirror, Deliver deliver)
    {
        mirror.State = MirrorState.Live;
        if (!bindings.TryGetValue(deliver.Endpoint, out var binding))
        {
            context.Failures.Record(DeliveryFailure.NoSuchEndpoint,
                $"A buffer from {mirror.Source} for endpoint '{deliver.Endpoint}' found no such endpoint bound on {context.SelfAddress}.");
            return;
        }
        BufferHandle handle;
        try
        {
            handle = mirror.Copy.Share(binding.Domain);
        }
        catch (DomainClosedException ex)
        {
            context.Failures.Record(DeliveryFailure.ReceiverUnavailable,
                $"A buffer from {mirror.Source} for endpoint '{deliver.Endpoint}' was not delivered: {ex.Message}");
            return;
        }
        Post(binding, new RemoteDelivery(handle, deliver.Tag, mirror.Source, deliver.Endpoint));
    }

    /// <summary>Gives a parked handle lent to an endpoint of this very node straight to it: no copy, no lease.</summary>
    internal void Local(BufferHandle handle, string endpoint, string tag, Address from)
    {
        if (!bindings.TryGetValue(endpoint, out var binding))
        {
            handle.Dispose();
            context.Failures.Record(DeliveryFailure.NoSuchEndpoint,
                $"A buffer for endpoint '{endpoint}' found no such endpoint bound on {context.SelfAddress}.");
            return;
        }
        Post(binding, new RemoteDelivery(handle, tag, from, endpoint));
    }

    private void Post(EndpointBinding binding, RemoteDelivery delivery)
    {
        try
        {
            binding.Domain.Post(() =>
            {
                try
                {
                    binding.Handler(delivery);
                }
                catch
                {
                    // The handler failed: a handle it did not open goes back now (the failure itself is
                    // logged and counted by the domain as a failed pending call).
                    delivery.Handle.Dispose();
                    throw;
                }
            });
            ExchangeCounters.Add(ref context.Counters.DeliveriesReceived, 1);
        }
        catch (DomainClosedException ex)
        {
            delivery.Handle.Dispose();
            context.Failures.Record(DeliveryFailure.ReceiverUnavailable,
                $"A buffer for endpoint '{delivery.Endpoint}' was not delivered: {ex.Message}");
        }
    }
}
