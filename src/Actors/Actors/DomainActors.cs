using System.Collections.Concurrent;
using ActorInterp.Domains;
using Akka.Actor;

namespace ActorInterp.Actors;

/// <summary>
/// What the Actors layer knows about one domain from any thread: the Asks waiting on its actors, failed
/// with <see cref="DomainClosedException"/> as the domain closes instead of waiting for their timeouts.
/// </summary>
internal sealed class DomainActors
{
    private static readonly LayerStateKey<Domain, DomainActors> Key = new(static d => new DomainActors(d));

    private readonly ConcurrentDictionary<AskReplyRef, byte> _asks = new();
    private readonly Domain _domain;

    private DomainActors(Domain domain) => _domain = domain;

    /// <summary>The domain's actor state, kept by the domain; made on first use. Any thread.</summary>
    internal static DomainActors For(Domain domain) => domain.GetLayerState(Key);

    internal void AddAsk(AskReplyRef ask) => _asks.TryAdd(ask, 0);

    internal void RemoveAsk(AskReplyRef ask) => _asks.TryRemove(ask, out _);

    internal void FailAsks()
    {
        foreach (var ask in _asks.Keys)
        {
            ask.Fail(Closed(_domain, "answer"));
            _asks.TryRemove(ask, out _);
        }
    }

    internal static DomainClosedException Closed(Domain domain, string what) =>
        new(domain.Name, $"Domain '{domain.Name}' (#{domain.Id}) is {domain.State.ToString().ToLowerInvariant()}, so its actors cannot {what}. Create a new domain and actor for new work.");
}

/// <summary>
/// The actors placed in one domain, kept on the domain's thread: they are stopped as the domain closes or
/// crashes (their queued messages go to dead letters, giving their borrows back).
/// </summary>
internal sealed class ActorsComponent : DomainComponent
{
    private static readonly DomainComponentKey<ActorsComponent> Key = new(static d => new ActorsComponent(d));

    private readonly Domain _domain;
    private readonly HashSet<IActorRef> _actors = [];

    private ActorsComponent(Domain domain) => _domain = domain;

    internal static ActorsComponent For(Domain domain) => domain.GetComponent(Key);

    internal void Add(IActorRef actor) => _actors.Add(actor);

    internal override LayerCloseReport? OnClosing(CloseMode mode)
    {
        StopAll();
        return null;
    }

    internal override void OnCrashed() => StopAll();

    private void StopAll()
    {
        foreach (var actor in _actors) _domain.Runtime.System.Stop(actor);
        _actors.Clear();
        DomainActors.For(_domain).FailAsks();
    }
}

/// <summary>Adds an actor created from outside the domain to the domain's <see cref="ActorsComponent"/>, on the domain's thread.</summary>
internal sealed class RegisterDomainActor(IActorRef actor) : DomainMessage
{
    internal override void Run(Domain domain) => ActorsComponent.For(domain).Add(actor);

    // The domain stopped before it could take the actor in: stop the actor the way the close would have.
    internal override void OnDropped()
    {
        var domain = Target!;
        domain.Runtime.System.Stop(actor);
        DomainActors.For(domain).FailAsks();
    }
}
