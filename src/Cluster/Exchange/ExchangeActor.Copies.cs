using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;
using Akka.Event;

namespace ActorInterp.Cluster;

// The holder node's part of the exchange: receiving a lease's chunks into one local copy, sharing the copy to
// local endpoints, and releasing it (one release per node) when its last local holder lets go.
internal sealed partial class ExchangeActor
{
    private void OnOffer(Offer offer)
    {
        var from = Sender.Path.Address;
        var key = (from, offer.LeaseId);
        if (!_members.Contains(from))
        {
            Reject(offer, "the sender is not a member of the cluster");
            return;
        }
        if (_mirrors.ContainsKey(key) || _failed.Contains(key))
        {
            Reject(offer, $"lease {offer.LeaseId} was offered before");
            return;
        }
        if (offer.Length > _options.MaxIncomingLength)
        {
            _failed.Add(key);
            Reject(offer, $"{offer.Length} bytes is over this node's limit of {_options.MaxIncomingLength}");
            Sender.Tell(TransferFailed.For(offer.LeaseId, $"{offer.Length} bytes is over the limit of {_options.MaxIncomingLength} of {_self}"), Self);
            return;
        }
        var copy = SharedBuffer.Allocate(offer.Length);
        var mirror = new Mirror(from, Peer(from), offer, copy);
        var self = Self;
        copy.Core.BorrowsReturned = _ => self.Tell(new MirrorIdle(mirror), ActorRefs.NoSender);
        _mirrors.Add(key, mirror);
        if (offer.ChunkCount == 0) Complete(mirror);
    }

    private void OnChunk(Chunk chunk)
    {
        var key = (Sender.Path.Address, chunk.LeaseId);
        if (!_mirrors.TryGetValue(key, out var mirror) || mirror.State != MirrorState.Receiving)
        {
            if (!_failed.Contains(key)) Reject(chunk, $"no transfer of lease {chunk.LeaseId} is under way from that node");
            return;
        }
        var offer = mirror.Offer;
        var offset = (long)chunk.Index * offer.ChunkSize;
        var expected = chunk.Index < offer.ChunkCount ? (int)Math.Min(offer.ChunkSize, offer.Length - offset) : -1;
        string? problem =
            chunk.Index != mirror.Received ? $"chunk {chunk.Index} arrived where chunk {mirror.Received} was due" :
            chunk.Data.Length != expected ? $"chunk {chunk.Index} has {chunk.Data.Length} bytes where the offer announced {expected}" :
            Checksum64.Compute(chunk.Data.Span) != chunk.Checksum ? $"chunk {chunk.Index} does not match its checksum" :
            null;
        if (problem is not null)
        {
            Fail(mirror, problem);
            return;
        }
        chunk.Data.Span.CopyTo(mirror.Copy.Span[(int)offset..]);
        mirror.Received++;
        ExchangeCounters.Add(ref _counters.BytesReceived, chunk.Data.Length);
        mirror.Peer.Tell(new ChunkAck(mirror.LeaseId, mirror.Received), Self);
        if (mirror.Received == offer.ChunkCount) Complete(mirror);
    }

    private void Complete(Mirror mirror)
    {
        if (Checksum64.Compute(mirror.Copy.ReadOnlySpan) != mirror.Offer.Checksum)
        {
            Fail(mirror, "the bytes do not match the announced checksum");
            return;
        }
        mirror.State = MirrorState.Live;
        ExchangeCounters.Add(ref _counters.LocalCopies, 1);
        ExchangeCounters.Add(ref _counters.LocalCopyBytes, mirror.Offer.Length);
        foreach (var deliver in mirror.Pending) Deliver(mirror, deliver);
        mirror.Pending.Clear();
        DeliverReadyMessages();
        OnMirrorIdle(mirror);
    }

    private void Fail(Mirror mirror, string problem)
    {
        var key = (mirror.Source, mirror.LeaseId);
        _mirrors.Remove(key);
        _failed.Add(key);
        mirror.State = MirrorState.Dropped;
        mirror.Copy.Core.BorrowsReturned = null;
        mirror.Copy.Dispose();
        ExchangeCounters.Add(ref _counters.TransfersFailed, 1);
        ExchangeCounters.Add(ref _counters.MessagesRejected, 1);
        ExchangeCounters.Add(ref _counters.DeliveriesFailed, mirror.Pending.Count);
        FailPendingMessages(mirror, "the transfer of one of its buffers was rejected");
        _log.Warning("The buffer exchange of {0} rejected the transfer of lease {1} from {2}: {3}. The borrow fails; the owner node is told.",
            _self, mirror.LeaseId, mirror.Source, problem);
        mirror.Peer.Tell(TransferFailed.For(mirror.LeaseId, problem), Self);
    }

    private void OnDeliver(Deliver deliver)
    {
        var key = (Sender.Path.Address, deliver.LeaseId);
        if (!_mirrors.TryGetValue(key, out var mirror))
        {
            if (_failed.Contains(key)) ExchangeCounters.Add(ref _counters.DeliveriesFailed, 1);
            else Reject(deliver, $"lease {deliver.LeaseId} was never offered by that node");
            return;
        }
        if (deliver.Sequence != mirror.DeliveriesSeen + 1)
        {
            Reject(deliver, $"delivery {deliver.Sequence} of lease {deliver.LeaseId} arrived where {mirror.DeliveriesSeen + 1} was due");
            return;
        }
        mirror.DeliveriesSeen++;
        if (mirror.State == MirrorState.Receiving)
        {
            mirror.Pending.Add(deliver);
            return;
        }
        Deliver(mirror, deliver);
        OnMirrorIdle(mirror); // a delivery that found nobody leaves the copy idle again
    }

    private void Deliver(Mirror mirror, Deliver deliver)
    {
        mirror.State = MirrorState.Live;
        if (!_bindings.TryGetValue(deliver.Endpoint, out var binding))
        {
            ExchangeCounters.Add(ref _counters.DeliveriesFailed, 1);
            _log.Warning("A buffer from {0} for endpoint '{1}' found no such endpoint bound on {2}.", mirror.Source, deliver.Endpoint, _self);
            return;
        }
        BufferHandle handle;
        try
        {
            handle = mirror.Copy.Share(binding.Domain);
        }
        catch (DomainClosedException ex)
        {
            ExchangeCounters.Add(ref _counters.DeliveriesFailed, 1);
            _log.Warning("A buffer from {0} for endpoint '{1}' was not delivered: {2}", mirror.Source, deliver.Endpoint, ex.Message);
            return;
        }
        Post(binding, new RemoteDelivery(handle, deliver.Tag, mirror.Source, deliver.Endpoint));
    }

    private void DeliverLocally(BufferHandle handle, string endpoint, string tag, Address from)
    {
        if (!_bindings.TryGetValue(endpoint, out var binding))
        {
            handle.Dispose();
            ExchangeCounters.Add(ref _counters.DeliveriesFailed, 1);
            _log.Warning("A buffer for endpoint '{0}' found no such endpoint bound on {1}.", endpoint, _self);
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
            ExchangeCounters.Add(ref _counters.DeliveriesReceived, 1);
        }
        catch (DomainClosedException ex)
        {
            delivery.Handle.Dispose();
            ExchangeCounters.Add(ref _counters.DeliveriesFailed, 1);
            _log.Warning("A buffer for endpoint '{0}' was not delivered: {1}", delivery.Endpoint, ex.Message);
        }
    }

    private void OnMirrorIdle(Mirror mirror)
    {
        if (mirror.State != MirrorState.Live || mirror.HasHolders || mirror.Reserved > 0) return;
        if (mirror.Orphaned)
        {
            Drop(mirror);
            return;
        }
        // The last local holder let go: one release for the whole node, naming every delivery seen, so
        // that the owner node can tell whether a delivery is still on its way here.
        mirror.State = MirrorState.Releasing;
        ExchangeCounters.Add(ref _counters.ReleasesSent, 1);
        mirror.Peer.Tell(new Release(mirror.LeaseId, mirror.DeliveriesSeen), Self);
    }

    private void OnReleaseAck(ReleaseAck ack)
    {
        var key = (Sender.Path.Address, ack.LeaseId);
        if (!_mirrors.TryGetValue(key, out var mirror) || mirror.State != MirrorState.Releasing || mirror.HasHolders)
        {
            Reject(ack, $"no copy of lease {ack.LeaseId} from that node is waiting for its release to be acknowledged");
            return;
        }
        Drop(mirror);
    }

    private void Drop(Mirror mirror)
    {
        var wasLive = mirror.State is MirrorState.Live or MirrorState.Releasing;
        mirror.State = MirrorState.Dropped;
        _mirrors.Remove((mirror.Source, mirror.LeaseId));
        _orphans.Remove(mirror);
        mirror.Copy.Core.BorrowsReturned = null;
        mirror.Copy.Dispose();
        if (!wasLive) return;
        ExchangeCounters.Add(ref _counters.LocalCopies, -1);
        ExchangeCounters.Add(ref _counters.LocalCopyBytes, -mirror.Offer.Length);
    }
}
