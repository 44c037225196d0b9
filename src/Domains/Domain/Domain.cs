using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Debug = System.Diagnostics.Debug;

namespace ActorInterp.Domains;

/// <summary>
/// An isolated domain: the .NET counterpart of a subinterpreter. A domain is an Akka.NET actor with a
/// thread of its own; everything the domain owns is touched only on that thread, so inside a domain there
/// are no locks. Other code talks to a domain only by giving it work (<see cref="Post"/>,
/// <see cref="RunAsync(Action)"/>, <see cref="CallAsync{T}(Func{T})"/>) or messages.
/// </summary>
/// <remarks>
/// Members are safe to call from any thread unless their documentation says otherwise.
/// </remarks>
[DebuggerDisplay("{ToString(),nq}")]
public sealed partial class Domain
{
    [ThreadStatic] private static Domain? t_current;

    private readonly DomainCounters _counters = new();
    private readonly object _closeGate = new();
    private readonly Dictionary<IActorRef, Domain> _watched = [];
    private readonly HashSet<IInFlightCall> _inFlight = [];
    private int _state;

    // Close bookkeeping, written under _closeGate by callers and read on the domain's thread.
    private TaskCompletionSource<DomainCloseReport>? _closeCompletion;
    private int _closeGeneration;

    // Fields below are touched only on the domain's thread.
    private IActorContext? _context;
    private DomainMessageQueue? _queue;
    private DomainSynchronizationContext? _syncContext;
    private CloseRequest? _activeClose;
    private ICancelable? _drainTimer;
    private int _failedCalls;
    private int _threadId;

    internal Domain(DomainRuntime runtime, int id, string name, bool isMain)
    {
        Runtime = runtime;
        Id = id;
        Name = name;
        IsMain = isMain;
    }

    /// <summary>The domain whose thread is running the caller, or null outside every domain.</summary>
    public static Domain? Current => t_current;

    /// <summary>The runtime the domain belongs to.</summary>
    public DomainRuntime Runtime { get; }

    /// <summary>The domain's id, unique within its runtime and never reused.</summary>
    public int Id { get; }

    /// <summary>The domain's name, as given to <see cref="DomainRuntime.CreateDomain"/>.</summary>
    public string Name { get; }

    /// <summary>True for the runtime's main domain.</summary>
    public bool IsMain { get; }

    /// <summary>
    /// Running, closing or closed: where the domain is in its life. A running domain may be idle or busy; whether
    /// its thread executes work now is <see cref="IsRunning"/>.
    /// </summary>
    public DomainState State => (DomainState)Volatile.Read(ref _state);

    /// <summary>True when the caller runs on this domain's thread.</summary>
    public bool IsCurrent => t_current == this;

    /// <summary>
    /// A snapshot of the domain's figures, taken at the call (each call makes a new one). Any thread; answers
    /// on a closed domain too, with its last figures. The layers built on the domains report their own figures
    /// of a domain through methods of their own.
    /// </summary>
    public DomainStats GetStats() => DomainStats.From(this, _counters, _queue?.Count ?? 0);

    /// <summary>The domain's figures: a new snapshot on every read, as <see cref="GetStats"/> makes.</summary>
    [Obsolete("Use GetStats(): each read takes a new snapshot of the domain's figures. Figures of the layers built on the domains are read through those layers.")]
    public DomainStats Stats => GetStats();

    /// <summary>The managed thread id of the domain's thread, once it has started (0 before).</summary>
    public int ThreadId => Volatile.Read(ref _threadId);

    internal IActorRef Actor { get; private set; } = ActorRefs.Nobody;

    private DomainDispatcher? _dispatcher;

    internal string DispatcherId => _dispatcher?.Id ?? "";

    /// <summary>
    /// The dispatcher to place another actor on this domain's thread (<c>Props.WithDispatcher</c>); its guests
    /// keep running on that thread, and the dispatcher is never handed to another domain (see DomainDispatcher).
    /// </summary>
    internal string GuestDispatcherId()
    {
        _dispatcher!.AdmitGuests();
        return _dispatcher.Id;
    }

    // The values of DomainLocal<T>s: made on first use and freed as the domain closes, on its thread only.
    private DomainLocalStore? _locals;

    internal DomainLocalStore Locals => _locals ??= new DomainLocalStore(this);

    /// <summary>
    /// Queues <paramref name="action"/> to run on the domain's thread at its next turn (the per-domain
    /// pending call). Calls from one poster run in the order they were posted. An exception thrown by the
    /// action is logged and counted in <see cref="DomainStats.PendingCallFailures"/>; the domain keeps running.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    /// <exception cref="DomainClosedException">The domain is closing or closed.</exception>
    public void Post(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        SendWork(new PostedCall(action), "post work");
    }

    /// <summary>Runs <paramref name="action"/> on the domain's thread; the task completes (off that thread) with its outcome.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    /// <exception cref="DomainClosedException">The domain is closing or closed (thrown, not faulted into the task).</exception>
    public Task RunAsync(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return CallAsync(() => { action(); return true; });
    }

    /// <summary>
    /// Runs <paramref name="action"/> on the domain's thread; every <c>await</c> inside it resumes on that
    /// thread. The task completes (off that thread) with its outcome.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    /// <exception cref="DomainClosedException">The domain is closing or closed.</exception>
    public Task RunAsync(Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return CallAsync(async () => { await action(); return true; });
    }

    /// <summary>
    /// Runs <paramref name="func"/> on the domain's thread and gives back its result or its exception. The
    /// result leaves the domain as a message would (see the remarks).
    /// </summary>
    /// <remarks>
    /// <para>The result crosses into the calling domain (the domain whose thread calls <c>CallAsync</c>; none
    /// when called from outside every domain) as a message between domains would: by the rules of the layer
    /// that marshals messages, which also says what a result it refuses fails the task with. Without that
    /// layer loaded, only plain values (numbers, strings, enums, tuples of them) cross, and any other result
    /// fails the task with <see cref="InvalidOperationException"/>. A call into the calling domain itself
    /// returns its result as it is. An exception thrown by <paramref name="func"/> is handed over as it is.</para>
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="func"/> is null.</exception>
    /// <exception cref="DomainClosedException">The domain is closing or closed.</exception>
    public Task<T> CallAsync<T>(Func<T> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        var call = new SyncCall<T>(func);
        SendWork(call, "call into it");
        return call.Task;
    }

    /// <summary>
    /// Runs <paramref name="func"/> on the domain's thread; every <c>await</c> inside it resumes on that
    /// thread. Gives back its result, which crosses to the caller as in <see cref="CallAsync{T}(Func{T})"/>,
    /// or its exception.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="func"/> is null.</exception>
    /// <exception cref="DomainClosedException">The domain is closing or closed.</exception>
    public Task<T> CallAsync<T>(Func<Task<T>> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        var call = new AsyncCall<T>(func);
        SendWork(call, "call into it");
        return call.Task;
    }

    /// <summary>
    /// Closes the domain. <see cref="CloseMode.Drain"/> refuses new work, waits for every running call to
    /// finish and for whatever the layers built on the domains hold the drain for (see
    /// <see cref="CloseMode"/>), then closes; after <paramref name="timeout"/> it fails with
    /// <see cref="DrainTimeoutException"/> and the domain stays open. <see cref="CloseMode.Force"/> closes at
    /// once. A force may follow a drain that is under way. Closing a closed domain returns its report again.
    /// </summary>
    /// <param name="mode">Drain (default) or force.</param>
    /// <param name="timeout">How long a drain may wait; the runtime's default when null.</param>
    /// <returns>What the domain left behind.</returns>
    /// <exception cref="DomainSelfCloseException">Called on the domain's own thread.</exception>
    /// <exception cref="MainDomainCloseException">The domain is the runtime's main domain.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    public Task<DomainCloseReport> CloseAsync(CloseMode mode = CloseMode.Drain, TimeSpan? timeout = null)
    {
        if (IsMain && !Runtime.IsShuttingDown) ThrowHelper.ThrowMainClose(this);
        return CloseCore(mode, timeout, releaseHeldNow: false);
    }

    /// <inheritdoc />
    public override string ToString() => $"domain '{Name}' (#{Id}, {State.ToString().ToLowerInvariant()})";

    // ---- internal surface for the layers above -------------------------------------------------------

    /// <summary>
    /// Throws <see cref="WrongDomainException"/> unless the caller runs on this domain's thread. The message,
    /// "<paramref name="what"/> <paramref name="subject"/> belongs to ...", is built only when it throws: this
    /// check sits on the hottest paths of the layers above.
    /// </summary>
    internal void VerifyCurrent(string what, object? subject = null)
    {
        if (t_current != this) ThrowHelper.ThrowWrongDomain(this, subject is null ? what : what.Length == 0 ? subject.ToString()! : $"{what} {subject}");
    }

    /// <summary>Sends a message to the domain's actor without checking the domain's state.</summary>
    internal void SendInternal(DomainMessage message)
    {
        message.Target = this;
        Actor.Tell(message, ActorRefs.NoSender);
    }

    /// <summary>
    /// Runs <paramref name="func"/> on the domain's thread while it is not closed (a close under way
    /// included), its result handed over as it is: for the layers above, hopping onto a domain's thread with
    /// values of their own. Fails with <see cref="DomainClosedException"/> if the domain closes first.
    /// </summary>
    internal Task<T> RunInternalAsync<T>(Func<T> func)
    {
        var call = new SyncCall<T>(func, crossesBoundary: false);
        SendInternal(call);
        return call.Task;
    }

    /// <summary>Starts watching <paramref name="other"/> once; its death reaches the components.</summary>
    internal void Watch(Domain other)
    {
        Debug.Assert(IsCurrent);
        if (other != this && _watched.TryAdd(other.Actor, other)) SendInternal(new WatchDomain(other));
    }

    /// <summary>Makes the domain's actor fail, as a crash would (tests and fault injection).</summary>
    internal void Crash() => SendInternal(new CrashRequest());

    internal ILoggingAdapter Log => Runtime.Log;

    /// <summary>True while the domain's own actor processes a message (its turn ends with <see cref="OnTurnEnd"/>).</summary>
    internal bool InOwnTurn { get; set; }

    private void SendWork(DomainMessage message, string operation)
    {
        if (State != DomainState.Running) ThrowHelper.ThrowDomainClosed(this, operation);
        SendInternal(message);
    }

    internal void Start(IActorRef actor, DomainDispatcher dispatcher)
    {
        Actor = actor;
        _dispatcher = dispatcher;
    }

    // ---- the domain's thread -------------------------------------------------------------------------

    internal void OnActorStarted(IActorContext context, DomainMessageQueue? queue)
    {
        t_current = this;
        _context = context;
        _queue ??= queue;
        _syncContext ??= new DomainSynchronizationContext(this);
        Volatile.Write(ref _threadId, Environment.CurrentManagedThreadId);
    }

    // Both run work given to the domain: it counts as running (IsRunning) until it returns.
    internal T RunInContext<T>(Func<T> func)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext);
        EnterWork();
        try
        {
            return func();
        }
        finally
        {
            LeaveWork();
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    internal void RunInContext(SendOrPostCallback callback, object? state)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_syncContext);
        EnterWork();
        try
        {
            callback(state);
        }
        catch (Exception ex)
        {
            ReportPostFailure(ex);
        }
        finally
        {
            LeaveWork();
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    internal void CountCallRun() => DomainCounters.Add(ref _counters.PendingCallsRun, 1);

    internal void ReportPostFailure(Exception ex)
    {
        DomainCounters.Add(ref _counters.PendingCallFailures, 1);
        Log.Error(ex, "A call posted to domain '{0}' (#{1}) threw; the domain keeps running.", Name, Id);
        Runtime.RaisePendingCallFailed(this, ex);
    }

    internal void ReportDroppedPost() =>
        Log.Warning("A call posted to domain '{0}' (#{1}) was dropped: the domain closed before running it.", Name, Id);

    internal void CallStarted(IInFlightCall call) => _inFlight.Add(call);

    internal void CallEnded(IInFlightCall call) => _inFlight.Remove(call);

    internal void WatchNow(Domain other) => _context!.Watch(other.Actor);

    internal void OnWatchedTerminated(IActorRef actor)
    {
        if (!_watched.TryGetValue(actor, out var other)) return;
        foreach (var component in _components) component?.OnDomainTerminated(other);
    }

    internal void OnTurnEnd()
    {
        foreach (var component in _components) component?.OnTurnEnd();
        if (_activeClose is not null) TryFinishClose();
    }

    internal void OnActorStopped()
    {
        if (State != DomainState.Closed)
        {
            // Stopped from outside the close protocol (the actor system is terminating): nothing runs here any more.
            foreach (var component in _components) component?.OnCrashed();
            MarkClosed(new DomainCloseReport(Name, CloseMode.Force, _inFlight.Count));
        }
        if (t_current == this) t_current = null;
    }
}
