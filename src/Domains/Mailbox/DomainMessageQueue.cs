using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorInterp.Domains;

/// <summary>
/// A domain actor's mailbox queue with two lanes. Control messages (ownership returns, forward notices,
/// forced close) go to the control lane, which is always drained first; everything else, including
/// Akka's <see cref="Terminated"/>, goes to the ordinary lane.
/// </summary>
/// <remarks>
/// Why the order is safe for the protocol: a holder's returns are enqueued (control lane) before its death
/// is noticed, and the death reaches the owner as a <see cref="Terminated"/> in the ordinary lane, so the
/// owner always sees the returns before it reclaims what the dead holder still had. Within each lane the
/// order of enqueueing is kept, which keeps Akka's per-sender ordering.
/// </remarks>
internal sealed class DomainMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private readonly ConcurrentQueue<Envelope> _control = new();
    private readonly ConcurrentQueue<Envelope> _ordinary = new();

    public bool HasMessages => !_control.IsEmpty || !_ordinary.IsEmpty;

    public int Count => _control.Count + _ordinary.Count;

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        if (envelope.Message is DomainMessage { IsControl: true }) _control.Enqueue(envelope);
        else _ordinary.Enqueue(envelope);
    }

    public bool TryDequeue(out Envelope envelope) =>
        _control.TryDequeue(out envelope) || _ordinary.TryDequeue(out envelope);

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }
}
