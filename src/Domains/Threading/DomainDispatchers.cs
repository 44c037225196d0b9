using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;

namespace ActorInterp.Domains;

/// <summary>
/// The dispatchers of one runtime's domains and the threads started ahead for them. A new domain takes a
/// dispatcher that serves no one (registering a new one with Akka only when none is free) and a thread that
/// has never run anything; see <see cref="DomainDispatcher"/> for when a dispatcher comes back.
/// </summary>
internal sealed class DomainDispatchers : IDisposable
{
    private readonly ActorSystem _system;
    private readonly string _idPrefix;
    private readonly int _throughput;
    private readonly Config _config;
    private readonly ReadyThreads _threads;
    private readonly ConcurrentQueue<DomainDispatcher> _idle = new();
    private int _registered;

    internal DomainDispatchers(ActorSystem system, string idPrefix, DomainRuntimeOptions options, ILoggingAdapter log)
    {
        _system = system;
        _idPrefix = idPrefix;
        _throughput = options.Throughput;
        // One config for all: a domain dispatcher is built here, not from its config, which only answers
        // Akka's mailbox look-ups (the defaults).
        _config = ConfigurationFactory.ParseString($"throughput = {options.Throughput}")
            .WithFallback(system.Dispatchers.DefaultDispatcherConfig);
        _threads = new ReadyThreads(options.ReadyThreads, $"{idPrefix}.ready",
            onRunnableFailure: ex => log.Error(ex, "A task on a domain's thread threw outside every actor; the thread goes on."),
            onStartFailure: ex => log.Error(ex, "Starting a thread ahead for the next domain failed; the next domain starts its own."));
    }

    /// <summary>Dispatchers free for the next new domain.</summary>
    internal int IdleCount => _idle.Count;

    /// <summary>Threads started and not yet handed to a domain.</summary>
    internal int ReadyThreadCount => _threads.ReadyCount;

    /// <summary>A dispatcher that now serves <paramref name="domain"/>, on a thread no domain has used.</summary>
    internal DomainDispatcher Take(Domain domain)
    {
        if (!_idle.TryDequeue(out var dispatcher)) dispatcher = Register();
        dispatcher.Serve(domain);
        return dispatcher;
    }

    /// <summary>Stops the threads started ahead; the dispatchers stay registered with the actor system.</summary>
    public void Dispose() => _threads.Dispose();

    private DomainDispatcher Register()
    {
        var id = $"{_idPrefix}.dispatcher-{Interlocked.Increment(ref _registered)}";
        var configurator = new DomainDispatcherConfigurator(_config, _system.Dispatchers.Prerequisites,
            c => new DomainDispatcher(c, id, _throughput, _threads, _idle.Enqueue));
        if (!_system.Dispatchers.RegisterConfigurator(id, configurator))
            throw new InvalidOperationException($"Dispatcher id '{id}' is already registered with actor system '{_system.Name}'.");
        return (DomainDispatcher)configurator.Dispatcher();
    }
}
