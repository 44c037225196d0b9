using System.Collections.Concurrent;
using Akka.Dispatch;

namespace ActorInterp.Domains;

/// <summary>
/// One dedicated thread that runs, in order, whatever Akka gives it (mailbox runs of the actors on one
/// domain's dispatcher). The thread is started before it is needed (<see cref="ReadyThreads"/>), serves one
/// dispatcher for the life of one domain, and exits once <see cref="Shutdown"/> was called and its queue is
/// empty: no other domain ever runs on it, so no <c>[ThreadStatic]</c> value crosses from one domain to the next.
/// </summary>
/// <remarks>
/// <see cref="Execute"/> is the message path of every domain: it takes no lock and allocates nothing (the
/// queue's ring segment is reused while it does not overflow). The thread spins a little after its queue runs
/// dry, as Akka's dedicated thread pool does, and only then parks; only a wake-up of a parked thread touches
/// the semaphore.
/// </remarks>
internal sealed class DomainThread : ExecutorService
{
    // Yields before parking: 50 per processor, the budget of Akka's own dedicated thread pool, which the
    // one-thread dispatchers that domains used before (and the benchmarks' baseline) run on.
    private static readonly int SpinLimit = 50 * Environment.ProcessorCount;
    private const int Stopped = int.MinValue;

    private readonly ConcurrentQueue<IRunnable> _queue = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Action<Exception> _onFailure;
    private readonly Thread _thread;

    // The callers inside Execute right now, plus Stopped once Shutdown was called: the thread exits only
    // when no caller can still be putting a runnable into its queue.
    private int _gate;

    // A name for the thread to take the next time it wakes (naming a thread from another thread costs the
    // caller a system call).
    private volatile string? _newName;

    // 1 while the thread is parked (or about to park) on _wake. Whoever turns it back to 0 owes the one
    // Release that wakes the thread: a caller of Execute, Shutdown, or the thread itself if it saw work.
    private int _parked;

    private DomainThread(string name, Action<Exception> onFailure) : base(name)
    {
        _onFailure = onFailure;
        _thread = new Thread(Loop) { IsBackground = true, Name = name };
    }

    /// <summary>The thread itself, for tests and diagnostics.</summary>
    internal Thread Thread => _thread;

    /// <summary>True once the thread has left its loop (after <see cref="Shutdown"/> and a drained queue).</summary>
    internal bool HasExited => !_thread.IsAlive;

    /// <summary>Starts a thread that waits for its first runnable. <paramref name="onFailure"/> hears of every runnable that throws.</summary>
    internal static DomainThread Start(string name, Action<Exception> onFailure)
    {
        var thread = new DomainThread(name, onFailure);
        thread._thread.Start();
        return thread;
    }

    /// <summary>Names the thread after the domain it now serves, for debuggers and dumps; the thread takes the name itself.</summary>
    internal void Rename(string name) => _newName = name;

    /// <summary>Queues <paramref name="run"/> for the thread.</summary>
    /// <exception cref="RejectedExecutionException">The thread was shut down.</exception>
    public override void Execute(IRunnable run)
    {
        if (Interlocked.Increment(ref _gate) < 0)
        {
            Interlocked.Decrement(ref _gate);
            throw new RejectedExecutionException($"Thread '{Id}' was shut down: the domain it served has closed.");
        }
        _queue.Enqueue(run);
        if (Volatile.Read(ref _parked) == 1 && Interlocked.Exchange(ref _parked, 0) == 1) _wake.Release();
        Interlocked.Decrement(ref _gate);
    }

    /// <summary>
    /// Lets the thread exit once it has run everything already queued. Later calls to <see cref="Execute"/>
    /// are rejected. Idempotent; callable from any thread, the thread itself included.
    /// </summary>
    public override void Shutdown()
    {
        int gate;
        do
        {
            gate = Volatile.Read(ref _gate);
            if (gate < 0) return;
        }
        while (Interlocked.CompareExchange(ref _gate, gate + Stopped, gate) != gate);
        if (Interlocked.Exchange(ref _parked, 0) == 1) _wake.Release();
    }

    private void Loop()
    {
        // A thread started ahead waits for its first runnable without spinning: it may wait long.
        Park();
        while (true)
        {
            if (_newName is { } name)
            {
                _newName = null;
                _thread.Name = name;
            }
            while (_queue.TryDequeue(out var run)) RunOne(run);
            if (Volatile.Read(ref _gate) < 0)
            {
                // Shut down: wait out callers still inside Execute, then leave once nothing is queued.
                var spinner = new SpinWait();
                while (Volatile.Read(ref _gate) != Stopped) spinner.SpinOnce(sleep1Threshold: -1);
                if (_queue.IsEmpty) break;
                continue;
            }
            if (!SpinForWork()) Park();
        }
    }

    private bool SpinForWork()
    {
        for (var i = 0; i < SpinLimit; i++)
        {
            if (!_queue.IsEmpty || Volatile.Read(ref _gate) < 0) return true;
            Thread.Sleep(0);
        }
        return false;
    }

    private void Park()
    {
        Interlocked.Exchange(ref _parked, 1);
        // Checked after announcing the park: a runnable queued before it is seen here, one queued after it
        // finds _parked set and wakes the thread.
        if (!_queue.IsEmpty || Volatile.Read(ref _gate) < 0)
        {
            if (Interlocked.CompareExchange(ref _parked, 0, 1) == 1) return;
            // Someone else turned the flag back first: their Release is on its way, and must be consumed.
        }
        _wake.Wait();
    }

    private void RunOne(IRunnable run)
    {
        try
        {
            run.Run();
        }
        catch (Exception ex)
        {
            // Akka's mailbox runs catch what actors throw; this is a failure of the runnable itself. The
            // thread goes on with the next one: stopping would strand every actor of the domain.
            _onFailure(ex);
        }
        // A mailbox run of one of the domain's actors has ended: its last handler has returned.
        Domain.Current?.ActorMessageEnded();
    }
}
