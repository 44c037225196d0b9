using Akka.Actor;
using Akka.Dispatch;

namespace ActorInterp.Domains;

/// <summary>
/// The dispatcher of one domain at a time: every actor on it (the domain's own and its guests) runs on the
/// one <see cref="DomainThread"/> it was given for that domain. When the domain has closed and the last
/// actor has left, the thread is shut down (it exits) and, if no guest was ever placed on the dispatcher, the
/// dispatcher goes back to its <see cref="DomainDispatchers"/> to serve a later domain with a new thread.
/// </summary>
/// <remarks>
/// A registration with Akka cannot be removed, which is why dispatchers are kept and reused; threads are
/// not. A dispatcher that had guests is never reused: an actor placed with its id (a router's routee
/// started late, say) could attach after its domain closed and must not land on another domain's thread. Such
/// a late actor gets a new thread of its own, outside every domain.
/// </remarks>
internal sealed class DomainDispatcher : MessageDispatcher
{
    private readonly ReadyThreads _threads;
    private readonly Action<DomainDispatcher> _onVacated;
    // Serializes the changes of thread and domain below (never taken on the message path, which only reads
    // _thread): Akka's delayed shutdown check may run while the dispatcher is handed to a new domain.
    private readonly object _bindingGate = new();
    private DomainThread? _thread;
    private Domain? _domain;
    private volatile bool _hasGuests;

    internal DomainDispatcher(MessageDispatcherConfigurator configurator, string id, int throughput,
        ReadyThreads threads, Action<DomainDispatcher> onVacated)
        : base(configurator)
    {
        Id = id;
        Throughput = throughput;
        // Akka's delayed shutdown only backs up Detach below (the last inhabitant may be a runnable given to
        // Schedule, which leaves without a Detach); no thread lingers for it.
        ShutdownTimeout = TimeSpan.FromSeconds(1);
        _threads = threads;
        _onVacated = onVacated;
    }

    /// <summary>
    /// Makes the dispatcher serve <paramref name="domain"/> on a thread no domain has used. Called before the
    /// domain's actor is created, on a dispatcher that serves no one.
    /// </summary>
    internal void Serve(Domain domain)
    {
        var thread = _threads.Take();
        thread.Rename($"actorinterp domain {domain.Id} {domain.Name}");
        lock (_bindingGate)
        {
            // A thread still bound here was started for a late run after the last domain left; it goes.
            _thread?.Shutdown();
            _domain = domain;
            Volatile.Write(ref _thread, thread);
        }
    }

    /// <summary>
    /// Undoes <see cref="Serve"/> for a domain whose actor could not be created: its thread, which ran
    /// nothing, goes, and the dispatcher is free again.
    /// </summary>
    internal void Abandon(Domain domain)
    {
        lock (_bindingGate)
        {
            if (_domain != domain) return;
            _thread?.Shutdown();
            Volatile.Write(ref _thread, null);
            _domain = null;
        }
        _onVacated(this);
    }

    /// <summary>Marks that actors other than the domain's own are placed here (see the remarks).</summary>
    internal void AdmitGuests() => _hasGuests = true;

    /// <inheritdoc />
    protected override void ExecuteTask(IRunnable run)
    {
        var thread = Volatile.Read(ref _thread) ?? LateThread();
        try
        {
            thread.Execute(run);
        }
        catch (RejectedExecutionException)
        {
            // The thread was shut down as this call read it: the domain closed and its last actor left. What
            // arrives now is Akka's run of a closed mailbox (it runs nothing) or a guest attaching late; it
            // goes to the thread that serves the dispatcher now.
            (Volatile.Read(ref _thread) ?? LateThread()).Execute(run);
        }
    }

    /// <inheritdoc />
    public override void Detach(ActorCell cell)
    {
        base.Detach(cell);
        if (Inhabitants == 0) Vacate();
    }

    /// <inheritdoc />
    protected override void Shutdown()
    {
        if (Inhabitants == 0) Vacate();
    }

    // No actor is left on the dispatcher. Once its domain has closed, nothing of the domain can run here
    // any more: the thread goes (exiting after whatever it still has queued), and a dispatcher without
    // guests is free for another domain. While the domain runs (or before its actor attached) this does
    // nothing: Akka's shutdown check may be late or racy, and must never take a live domain's thread.
    private void Vacate()
    {
        lock (_bindingGate)
        {
            var domain = _domain;
            if (domain is { State: not DomainState.Closed }) return;
            _thread?.Shutdown();
            Volatile.Write(ref _thread, null);
            _domain = null;
            if (domain is null || _hasGuests) return;
        }
        _onVacated(this);
    }

    // A guest attaching after its domain closed and its thread left: it runs on a thread of its own, one no
    // domain has used (so Domain.Current is null there), until it leaves too.
    private DomainThread LateThread()
    {
        lock (_bindingGate)
        {
            if (_thread is { } bound) return bound;
            var thread = _threads.Take();
            Volatile.Write(ref _thread, thread);
            return thread;
        }
    }
}
