using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Util;

namespace ActorInterp.Actors;

/// <summary>
/// How a <see cref="DomainActorRef"/> crosses the wire (Akka's serializers honour <see cref="ISurrogated"/>):
/// the actor's full path and its domain's id and name on the actor's node, never a <c>Domain</c> object.
/// The receiving node gets back its own reference when the actor is one of its domain actors, and a
/// reference through its remote layer (<see cref="DomainActorRef.IsRemote"/>) otherwise.
/// </summary>
/// <param name="Path">The actor's full path, with its node's address.</param>
/// <param name="DomainId">Its domain's id on its node.</param>
/// <param name="DomainName">Its domain's name on its node.</param>
/// <param name="CopyPolicy">The actor's own copy policy, if it has one.</param>
public sealed record DomainActorRefSurrogate(string Path, int DomainId, string DomainName, CopyPolicy? CopyPolicy) : ISurrogate
{
    /// <summary>Resolves the reference on the receiving node.</summary>
    /// <exception cref="SerializationException">No <c>DomainRuntime</c> runs on <paramref name="system"/>, the path is
    /// malformed, or the actor is on another node and <paramref name="system"/> has no remote layer installed.</exception>
    public ISurrogated FromSurrogate(ActorSystem system)
    {
        var actors = RuntimeActors.OfSystem(system).FirstOrDefault()
            ?? throw new SerializationException(
                $"A DomainActorRef to {Path} arrived on actor system '{system.Name}', which runs no DomainRuntime; create the runtime before references to domain actors reach the node.");
        if (!ActorPath.TryParse(Path, out var path))
            throw new SerializationException($"A DomainActorRef arrived with the malformed actor path '{Path}'.");
        var actor = ((ExtendedActorSystem)system).Provider.ResolveActorRef(path);
        return DomainActorRef.FromResolved(actors, actor, DomainId, DomainName, CopyPolicy)
            ?? throw new SerializationException(
                $"A DomainActorRef to {Path} (domain '{DomainName}') arrived on actor system '{system.Name}', which has no remote layer to reach actors on other nodes; start the node's buffer exchange before references to other nodes' actors arrive.");
    }
}
