using System.Diagnostics;
using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;

namespace ActorInterp.Domains;

/// <summary>
/// Owns the domains of one process (or of one <see cref="ActorSystem"/>): creates them, finds them and,
/// when disposed, closes them all and reports what was left. A runtime starts with its <see cref="Main"/>
/// domain. All members are safe to call from any thread.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed class DomainRuntime : IAsyncDisposable
{
    private static int s_runtimeIds;

    private readonly ConcurrentDictionary<int, Domain> _domains = new();
    private readonly LayerStateTable<DomainRuntime> _layerState = new();
    private readonly bool _ownsSystem;
    private readonly int _runtimeNumber;
    private readonly DomainDispatchers _dispatchers;
    private readonly DomainMetrics _metrics;
    private int _nextDomainId;
    private int _shuttingDown;
    private Task<RuntimeShutdownReport>? _shutdown;

    /// <summary>Creates a runtime on an actor system of its own, which it terminates when disposed.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="systemName">The actor system's name.</param>
    public static DomainRuntime Create(DomainRuntimeOptions? options = null, string systemName = "actorinterp")
    {
        var system = ActorSystem.Create(systemName, DefaultConfig);
        return new DomainRuntime(system, options, ownsSystem: true);
    }

    /// <summary>
    /// Creates a runtime over an actor system the caller owns (and keeps owning: disposing the runtime
    /// closes the domains but leaves the system running). This is the way to make a runtime on a system of
    /// your own (<see cref="Create"/> makes the system too); with a host, the hosting package makes it.
    /// </summary>
    /// <param name="system">The actor system the domains run on.</param>
    /// <param name="options">The settings; when null, the runtime's own come from the system's <c>actorinterp</c>
    /// HOCON section (see <see cref="DomainRuntimeOptions.FromConfig"/>). Either way, a layer above whose settings
    /// the options do not carry reads its keys of that section.</param>
    /// <exception cref="ArgumentNullException"><paramref name="system"/> is null.</exception>
    /// <exception cref="Akka.Configuration.ConfigurationException">Without options: a key of the section has a value it cannot take.</exception>
    public DomainRuntime(ActorSystem system, DomainRuntimeOptions? options = null)
        : this(system, options, ownsSystem: false)
    {
    }

    private DomainRuntime(ActorSystem system, DomainRuntimeOptions? options, bool ownsSystem)
    {
        ArgumentNullException.ThrowIfNull(system);
        System = system;
        // Without options in code, the system's actorinterp HOCON section (see DomainRuntimeOptions.FromConfig).
        Options = options ?? DomainRuntimeOptions.FromConfig(system.Settings.Config);
        _ownsSystem = ownsSystem;
        _runtimeNumber = Interlocked.Increment(ref s_runtimeIds);
        system.Settings.InjectTopLevelFallback(DomainMailboxType.DefaultConfig);
        Log = Logging.GetLogger(system, "ActorInterp");
        _dispatchers = new DomainDispatchers(system, $"actorinterp.runtime-{_runtimeNumber}", Options, Log);
        var listener = system.ActorOf(Props.Create(() => new DroppedMessageListener(this)), $"actorinterp-{_runtimeNumber}-dropped");
        system.EventStream.Subscribe(listener, typeof(DeadLetter));
        ResultBoundary = CallResultBoundary.For(this);
        Main = CreateDomainCore("main", isMain: true);
        _metrics = new DomainMetrics(this);
    }

    /// <summary>The actor system the domains run on.</summary>
    public ActorSystem System { get; }

    /// <summary>The runtime's settings.</summary>
    public DomainRuntimeOptions Options { get; }

    /// <summary>The main domain, created with the runtime; it closes only when the runtime is disposed.</summary>
    public Domain Main { get; }

    /// <summary>The domains that are not closed yet, in creation order: a new snapshot at each read.</summary>
    public IReadOnlyCollection<Domain> Domains =>
        _domains.Values.Where(d => d.State != DomainState.Closed).OrderBy(d => d.Id).ToArray();

    /// <summary>
    /// Raised when a posted call (<see cref="Domain.Post"/>) throws, on the failing domain's thread, after the
    /// failure was logged and counted. The sender is this runtime.
    /// </summary>
    public event EventHandler<PendingCallFailedEventArgs>? PendingCallFailed;

    internal ILoggingAdapter Log { get; }

    /// <summary>How call results cross from a domain to its caller (see <see cref="CallResultBoundary.For"/>).</summary>
    internal CallResultBoundary ResultBoundary { get; }

    internal bool IsShuttingDown => Volatile.Read(ref _shuttingDown) != 0;

    /// <summary>
    /// Creates a domain with a thread of its own. Every actor of the domain runs on that thread.
    /// </summary>
    /// <param name="name">A name for logs, stats and errors; need not be unique.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    /// <exception cref="ObjectDisposedException">The runtime is shutting down.</exception>
    public Domain CreateDomain(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ObjectDisposedException.ThrowIf(IsShuttingDown, this);
        return CreateDomainCore(name, isMain: false);
    }

    /// <summary>The domain with id <paramref name="id"/> while it is not closed; null otherwise.</summary>
    public Domain? GetDomain(int id) =>
        _domains.TryGetValue(id, out var domain) && domain.State != DomainState.Closed ? domain : null;

    /// <summary>
    /// Closes every domain: first all others, draining each for up to <paramref name="drainTimeout"/> (the
    /// domains first give back what they hold from each other), forcing those that do not drain; then the
    /// main domain. Reports what each domain left. Calling it again returns the same report.
    /// </summary>
    /// <remarks>
    /// Once the shutdown starts, no domain waits for another any more: every wait a domain makes on something
    /// another domain would have to do (the layers above make such waits) ends at once with
    /// <see cref="DomainClosedException"/>, having taken no effect. Drains still wait for what the layers above
    /// hold them for.
    /// </remarks>
    public Task<RuntimeShutdownReport> ShutdownAsync(TimeSpan? drainTimeout = null)
    {
        lock (_domains)
        {
            if (_shutdown is null)
            {
                Volatile.Write(ref _shuttingDown, 1);
                // On the thread pool, outside the gate and off any domain's thread: the shutdown ends the
                // domains' waits, whose cancellation runs on the thread that ends them.
                var timeout = drainTimeout ?? Options.DefaultCloseTimeout;
                _shutdown = Task.Run(() => ShutdownCore(timeout));
            }
            return _shutdown;
        }
    }

    /// <summary>Shuts the runtime down (<see cref="ShutdownAsync"/>), logs what was left, and terminates its own actor system.</summary>
    public async ValueTask DisposeAsync()
    {
        var report = await ShutdownAsync().ConfigureAwait(false);
        if (!report.IsClean)
            Log.Warning("ActorInterp runtime shut down with leaks: {0}; forced: {1}",
                string.Join("; ", report.Leaks.Select(leak => $"'{leak.Domain}': {leak.Report}").DefaultIfEmpty("none")),
                string.Join(", ", report.Forced.DefaultIfEmpty("none")));
        _metrics.Dispose();
        _dispatchers.Dispose();
        if (_ownsSystem) await System.Terminate().ConfigureAwait(false);
    }

    private async Task<RuntimeShutdownReport> ShutdownCore(TimeSpan drainTimeout)
    {
        var reports = new List<DomainCloseReport>();
        var forced = new List<string>();
        var others = _domains.Values.Where(d => !d.IsMain).OrderBy(d => d.Id).ToArray();
        // Nothing new starts now, so a domain's wait on another may never be satisfied: every such wait ends
        // at once, instead of holding its domain's drain up to the timeout.
        foreach (var domain in others) domain.EndWaits(WaitsEndReason.Shutdown);
        Main.EndWaits(WaitsEndReason.Shutdown);
        // The main domain closes last; what it holds from the others must not hold up their drains.
        Main.SendInternal(new ReleaseHeldRequest());
        var drains = others.Select(d => (d, task: d.CloseCore(CloseMode.Drain, drainTimeout, releaseHeldNow: true))).ToArray();
        foreach (var (domain, task) in drains)
        {
            try
            {
                reports.Add(await task.ConfigureAwait(false));
            }
            catch (DrainTimeoutException ex)
            {
                Log.Warning("{0}", ex.Message);
                forced.Add(domain.Name);
                reports.Add(await domain.CloseCore(CloseMode.Force, drainTimeout, releaseHeldNow: true).ConfigureAwait(false));
            }
        }
        try
        {
            reports.Add(await Main.CloseCore(CloseMode.Drain, drainTimeout, releaseHeldNow: true).ConfigureAwait(false));
        }
        catch (DrainTimeoutException ex)
        {
            Log.Warning("{0}", ex.Message);
            forced.Add(Main.Name);
            reports.Add(await Main.CloseCore(CloseMode.Force, drainTimeout, releaseHeldNow: true).ConfigureAwait(false));
        }
        return new RuntimeShutdownReport(reports, forced);
    }

    private Domain CreateDomainCore(string name, bool isMain)
    {
        var id = Interlocked.Increment(ref _nextDomainId);
        var domain = new Domain(this, id, name, isMain);
        // Its own dispatcher, on a thread no domain has used: [ThreadStatic] state never crosses domains.
        var dispatcher = _dispatchers.Take(domain);
        _domains[id] = domain;
        IActorRef actor;
        try
        {
            // Actor names carry the runtime's number: several runtimes may share one actor system.
            actor = System.ActorOf(DomainActorProps.For(domain, dispatcher.Id), $"actorinterp-{_runtimeNumber}-domain-{id}");
        }
        catch
        {
            _domains.TryRemove(id, out _);
            dispatcher.Abandon(domain);
            throw;
        }
        domain.Start(actor, dispatcher);
        return domain;
    }

    /// <summary>Dispatchers free for the next new domain (each will get a new thread).</summary>
    internal int IdleDispatcherCount => _dispatchers.IdleCount;

    /// <summary>Threads started ahead and not yet handed to a domain.</summary>
    internal int ReadyThreadCount => _dispatchers.ReadyThreadCount;

    internal void OnDomainClosed(Domain domain)
    {
        _domains.TryRemove(domain.Id, out _);
    }

    internal void RaisePendingCallFailed(Domain domain, Exception ex) =>
        PendingCallFailed?.Invoke(this, new PendingCallFailedEventArgs(domain, ex));

    internal IEnumerable<Domain> AllDomains => _domains.Values;

    private static Config DefaultConfig => ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        """);

    /// <summary>Fails or returns what was inside messages that never reached their domain.</summary>
    private sealed class DroppedMessageListener : ReceiveActor
    {
        // Every listener of the system sees every dead letter; each runtime handles its own domains' messages.
        // A message addressed to no domain in particular is handled by every runtime of the system: dropping
        // what such a message carries is idempotent.
        public DroppedMessageListener(DomainRuntime runtime) => Receive<DeadLetter>(letter =>
        {
            if (letter.Message is DomainMessage message && (message.Target is null || message.Target.Runtime == runtime))
                message.OnDropped();
        });
    }

    /// <summary>The runtime's state of <paramref name="key"/>'s layer, made on first use. Any thread.</summary>
    internal T GetLayerState<T>(LayerStateKey<DomainRuntime, T> key) where T : class => _layerState.Get(this, key);
}
