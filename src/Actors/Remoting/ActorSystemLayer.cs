using Akka.Actor;

namespace ActorInterp.Actors;

/// <summary>
/// The Actors layer's state for one actor system (an Akka extension, so that no static table keys it): the
/// domain runtimes whose actors live on the system, and the remote layer when one is installed.
/// Thread-safe.
/// </summary>
internal sealed class ActorSystemLayer : IExtension
{
    private RuntimeActors[] _runtimes = [];
    private volatile IRemoteLayer? _remote;

    /// <summary>The layer of <paramref name="system"/>, made on first use.</summary>
    internal static ActorSystemLayer Of(ActorSystem system) => system.WithExtension<ActorSystemLayer, ActorSystemLayerId>();

    /// <summary>The actor layers of the runtimes over the system, oldest first.</summary>
    internal RuntimeActors[] Runtimes => Volatile.Read(ref _runtimes);

    /// <summary>The installed remote layer; null when references and channel ends stay on this node.</summary>
    internal IRemoteLayer? Remote => _remote;

    internal void Add(RuntimeActors actors)
    {
        lock (this) _runtimes = [.. _runtimes, actors];
    }

    /// <summary>Installs the layer that reaches other nodes; the first one installed stays.</summary>
    /// <returns>The installed layer (<paramref name="remote"/>, or the one installed before).</returns>
    internal IRemoteLayer InstallRemote(IRemoteLayer remote)
    {
        lock (this) return _remote ??= remote;
    }

    private sealed class ActorSystemLayerId : ExtensionIdProvider<ActorSystemLayer>
    {
        public override ActorSystemLayer CreateExtension(ExtendedActorSystem system) => new();
    }
}
