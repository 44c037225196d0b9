using ActorInterp.Actors;
using Akka.Actor;

namespace ActorInterp.Cluster;

/// <summary>
/// The sender a domain actor sees for a question from another node's <see cref="DomainActorRef.Ask{T}"/>:
/// its Tell sends the answer back as a <see cref="DomainActorRef.Tell"/> to a domain actor on that node
/// would travel (marshalled on the replier's thread; buffers lent through the exchange, their bytes once
/// per node; in order behind earlier answers). It has the asker's path, so it equals the raw remote reference.
/// </summary>
internal sealed class RemoteAnswerRef : MinimalActorRef
{
    private readonly DomainActorRef _asker;

    private RemoteAnswerRef(DomainActorRef asker, IActorRefProvider provider)
    {
        _asker = asker;
        Provider = provider;
    }

    public override ActorPath Path => _asker.Path;

    public override IActorRefProvider Provider { get; }

    /// <summary>The answering reference for <paramref name="sender"/> when it is another node's ask; else <paramref name="sender"/> itself.</summary>
    internal static IActorRef Wrap(IActorRef sender, ClusterRemoteLayer layer)
    {
        if (!RemoteAskNames.TryRead(sender, out var askerDomainId)) return sender;
        if (layer.Exchange is not { } exchange) return sender; // plain remoting only: answers without buffers
        var actors = RuntimeActors.For(exchange.Runtime);
        var asker = ClusterRemoteLayer.Resolve(actors, sender, askerDomainId ?? 0,
            askerDomainId is null ? "(outside every domain)" : $"asker #{askerDomainId}", null);
        return new RemoteAnswerRef(asker, ((ExtendedActorSystem)exchange.Runtime.System).Provider);
    }

    /// <remarks>
    /// An answer with buffers to an Ask awaited outside every domain is refused on the asking node, where the
    /// Ask fails with <see cref="NotShareableException"/> (the replier's Tell does not throw).
    /// </remarks>
    protected override void TellInternal(object message, IActorRef sender)
    {
        if (message is Status.Failure) _asker.ActorRef.Tell(message, sender);
        else _asker.Tell(message, sender);
    }
}
