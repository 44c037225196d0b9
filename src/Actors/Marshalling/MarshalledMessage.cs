using ActorInterp.Domains;

namespace ActorInterp.Actors;

/// <summary>
/// A message that carries borrows across a domain boundary: the message's graph as the sender built it,
/// and a handle per buffer in it. It is opened on the receiver's thread (by the actor's mailbox, or by the
/// Ask that awaits it) into the message the receiver sees, with proxies in place of the sender's buffers.
/// As a <see cref="DomainMessage"/>, it gives its borrows back when it ends in dead letters.
/// </summary>
internal sealed class MarshalledMessage(object graph, TypePlan plan, BufferLink[] links, RuntimeActors actors) : DomainMessage
{
    private int _consumed;

    internal object Graph { get; } = graph;

    internal int BufferCount => links.Length;

    /// <summary>The buffers lent for the message, in the order they were met.</summary>
    internal BufferLink[] Links => links;

    /// <summary>Takes the message's borrows over (they travel on another way): it can no longer be opened or given back.</summary>
    /// <exception cref="InvalidOperationException">Opened, given back or taken over before.</exception>
    internal BufferLink[] TakeOver()
    {
        if (Interlocked.Exchange(ref _consumed, 1) != 0)
            throw new InvalidOperationException("A marshalled message was taken over after it was delivered or given back.");
        return links;
    }

    /// <summary>Opens every handle into a proxy owned by the calling domain and rebuilds the message. Receiver's thread; once.</summary>
    /// <exception cref="InvalidOperationException">Opened before, or dropped.</exception>
    internal object Open()
    {
        if (Interlocked.Exchange(ref _consumed, 1) != 0)
            throw new InvalidOperationException("A marshalled message was delivered twice; each message with buffers can be received once (a Broadcast of such a message is not supported).");
        var opened = 0;
        try
        {
            for (; opened < links.Length; opened++) links[opened].Proxy = links[opened].Handle.Open();
            // A message from another node is rebuilt from its serialized body, with the proxies in place.
            return Graph is IRebuiltGraph rebuilt ? rebuilt.Rebuild(links) : new InboundWalk(links).Visit(plan, Graph)!;
        }
        catch
        {
            // Give back what this message carried: opened proxies and the handles not opened yet.
            for (var i = 0; i < links.Length; i++)
            {
                if (i < opened) links[i].Proxy!.Dispose();
                else links[i].Handle.Dispose();
            }
            throw;
        }
    }

    /// <summary>Gives back every borrow of a message that will never be received. Any thread; does nothing after <see cref="Open"/>.</summary>
    internal void GiveBack()
    {
        if (Interlocked.Exchange(ref _consumed, 1) != 0) return;
        foreach (var link in links) link.Handle.Dispose();
        RuntimeActors.Count(ref actors.BorrowsReturnedUndelivered, links.Length);
    }

    internal override void Run(Domain domain) =>
        throw new InvalidOperationException("A marshalled actor message reached a domain's own actor; it is meant for an actor placed in the domain.");

    internal override void OnDropped() => GiveBack();

    public override string ToString() => $"marshalled {TypeNames.Of(Graph.GetType())} with {links.Length} buffer(s)";
}
