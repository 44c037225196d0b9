using ActorInterp.Domains;

namespace ActorInterp.Actors;

/// <summary>
/// The one way a message is prepared to leave its domain, used by every send path (actor Tells and Asks,
/// answers, call results, channel items, messages to other nodes): shareable values pass as they are;
/// otherwise the message is walked on the sender's thread, its buffers lent to the target and the rest copied
/// or refused by the target's policy.
/// </summary>
internal static class Marshaller
{
    /// <summary>
    /// The message to send to <paramref name="target"/> from <paramref name="from"/>: the value itself or its
    /// copy, or a <see cref="MarshalledMessage"/> when buffers were lent. <paramref name="plan"/> is the
    /// message type's plan when the caller has it at hand.
    /// </summary>
    /// <exception cref="NotShareableException">Something in the message cannot cross; every borrow made for it was given back.</exception>
    /// <exception cref="WrongDomainException">The message holds a buffer or proxy that does not belong to <paramref name="from"/>.</exception>
    internal static object Prepare(object message, Domain? from, in MarshalTarget target, TypePlan? plan = null)
    {
        plan ??= PlanCache.For(message.GetType());
        return plan.IsPass ? message : OutboundWalk.Run(message, plan, from, target);
    }
}
