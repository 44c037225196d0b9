using System.Collections.Concurrent;
using ActorInterp.Domains;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;
using Akka.Event;

namespace ActorInterp.Actors;

/// <summary>
/// An unbounded queue that turns each <see cref="MarshalledMessage"/> into the receiver's message as it is
/// dequeued (on the domain's thread), and, when a remote layer is installed on the actor system, the sender of
/// a question asked from another node into one that can carry the answer's buffers back. Messages left when the actor stops go to dead letters still
/// marshalled, where their borrows are given back.
/// </summary>
internal sealed class DomainActorMessageQueue(IActorRef owner, ActorSystem system) : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private readonly ConcurrentQueue<Envelope> _queue = new();
    private readonly ActorSystemLayer _layer = ActorSystemLayer.Of(system);

    public bool HasMessages => !_queue.IsEmpty;

    public int Count => _queue.Count;

    public void Enqueue(IActorRef receiver, Envelope envelope) => _queue.Enqueue(envelope);

    public bool TryDequeue(out Envelope envelope)
    {
        // Akka takes the next message once the actor's handler returned. The domain counts the actor's
        // handlers as running work (Domain.IsRunning) from the first message taken to the first look that
        // finds the queue empty (or the end of the mailbox run, where the domain's thread ends it): between
        // two messages of one run the count stays set, so the message path writes nothing shared.
        var domain = Domain.Current;
        while (_queue.TryDequeue(out envelope))
        {
            // A question from another node's Ask is answered through a sender that can carry buffers back.
            var sender = _layer.Remote is { } remote ? remote.AnswerRefFor(envelope.Sender) : envelope.Sender;
            if (envelope.Message is not MarshalledMessage marshalled)
            {
                if (!ReferenceEquals(sender, envelope.Sender)) envelope = new Envelope(envelope.Message, sender);
                domain?.ActorMessageStarted();
                return true;
            }
            try
            {
                envelope = new Envelope(marshalled.Open(), sender);
                domain?.ActorMessageStarted();
                return true;
            }
            catch (Exception ex)
            {
                // Open gave every borrow back; the message cannot be delivered. Report it where undelivered
                // messages go, then carry on with the next one.
                system.Log.Error(ex, "A message with buffers for {0} in domain '{1}' could not be opened and was dropped; its borrows were returned.",
                    owner.Path, domain?.Name ?? "(none)");
                system.EventStream.Publish(new Dropped(marshalled.Graph, ex.Message, envelope.Sender, owner));
            }
        }
        domain?.ActorMessageEnded();
        return false;
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (_queue.TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }
}
