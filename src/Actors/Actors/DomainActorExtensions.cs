using ActorInterp.Domains;
using Akka.Actor;

namespace ActorInterp.Actors;

/// <summary>Places Akka.NET actors in domains.</summary>
public static class DomainActorExtensions
{
    /// <summary>
    /// Creates an ordinary Akka.NET actor that runs on <paramref name="domain"/>'s thread (every actor of a
    /// domain shares it, and <see cref="Domain.Current"/> inside the actor is <paramref name="domain"/>).
    /// The actor is stopped when the domain closes. Any thread.
    /// </summary>
    /// <param name="domain">The domain to place the actor in.</param>
    /// <param name="props">The actor's props; its dispatcher and mailbox are replaced by the domain's.
    /// Children the actor creates itself run on Akka's default dispatcher unless they are given
    /// <c>props.WithDispatcher</c> of the domain: create them with this method instead. A router's routees
    /// (<c>props.WithRouter(...)</c>) run on the domain's thread.</param>
    /// <param name="name">The actor's name (a top-level actor of the actor system); generated when null.</param>
    /// <param name="copyPolicy">What happens to unshareable values sent to this actor; the runtime's policy when null.</param>
    /// <returns>A reference that marshals what is sent through it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="domain"/> or <paramref name="props"/> is null.</exception>
    /// <exception cref="DomainClosedException">The domain is closing or closed.</exception>
    public static DomainActorRef ActorOf(this Domain domain, Props props, string? name = null, CopyPolicy? copyPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(props);
        if (domain.State != DomainState.Running) throw DomainActors.Closed(domain, "take a new actor");
        var actors = RuntimeActors.For(domain.Runtime);
        var placed = props.WithDispatcher(domain.GuestDispatcherId()).WithMailbox(DomainActorMailboxType.ConfigPath);
        var system = domain.Runtime.System;
        var actor = name is null ? system.ActorOf(placed) : system.ActorOf(placed, name);
        var reference = new LocalDomainActorRef(actor, domain, copyPolicy, actors);
        actors.Remember(reference);
        if (domain.IsCurrent) ActorsComponent.For(domain).Add(actor);
        else domain.SendInternal(new RegisterDomainActor(actor));
        return reference;
    }

    /// <summary>Creates an actor of type <typeparamref name="TActor"/> in <paramref name="domain"/>; see <see cref="ActorOf(Domain, Props, string?, CopyPolicy?)"/>.</summary>
    /// <exception cref="DomainClosedException">The domain is closing or closed.</exception>
    public static DomainActorRef ActorOf<TActor>(this Domain domain, string? name = null, CopyPolicy? copyPolicy = null)
        where TActor : ActorBase, new() =>
        domain.ActorOf(Props.Create<TActor>(), name, copyPolicy);
}
