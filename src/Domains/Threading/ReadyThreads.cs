using System.Collections.Concurrent;

namespace ActorInterp.Domains;

/// <summary>
/// Threads started ahead of need, so that creating a domain does not pay for starting one. Each thread is
/// handed out once (<see cref="Take"/>) and never comes back: a domain's thread exits with the domain. A
/// background job, on a timer of the .NET thread pool, starts new threads as they are taken.
/// </summary>
/// <remarks>
/// While a ready thread is left the job waits <see cref="RefillDelay"/> before starting one: starting a thread
/// costs a few dozen microseconds of processor time, which would otherwise compete with the new domain's first
/// turn (on two cores the domain's first call took up to twice as long). Once none is left it starts at once.
/// </remarks>
internal sealed class ReadyThreads : IDisposable
{
    internal static readonly TimeSpan RefillDelay = TimeSpan.FromMilliseconds(2);

    private const int Idle = 0;
    private const int Scheduled = 1;
    private const int Running = 2;

    private readonly ConcurrentQueue<DomainThread> _ready = new();
    private readonly int _target;
    private readonly string _namePrefix;
    private readonly Action<Exception> _onRunnableFailure;
    private readonly Action<Exception> _onStartFailure;
    private readonly Timer _refillTimer;
    private int _readyCount;
    private int _started;
    private int _refill;
    private volatile bool _disposed;

    /// <param name="target">How many threads to keep ready (0: start each thread when it is taken).</param>
    /// <param name="namePrefix">The prefix of the names of threads not yet handed out.</param>
    /// <param name="onRunnableFailure">Hears of every runnable that throws on one of the threads.</param>
    /// <param name="onStartFailure">Hears of a thread the background job could not start.</param>
    internal ReadyThreads(int target, string namePrefix, Action<Exception> onRunnableFailure, Action<Exception> onStartFailure)
    {
        _target = target;
        _namePrefix = namePrefix;
        _onRunnableFailure = onRunnableFailure;
        _onStartFailure = onStartFailure;
        _refillTimer = new Timer(static self => ((ReadyThreads)self!).RefillNow(), this, Timeout.Infinite, Timeout.Infinite);
        RequestRefill(now: true);
    }

    /// <summary>Threads started and not yet handed out.</summary>
    internal int ReadyCount => Volatile.Read(ref _readyCount);

    /// <summary>
    /// A thread that has never run anything. One that was started ahead when there is one; otherwise the
    /// caller starts it (creating domains faster than threads start, or after <see cref="Dispose"/>).
    /// </summary>
    internal DomainThread Take()
    {
        if (_ready.TryDequeue(out var thread))
        {
            RequestRefill(now: Interlocked.Decrement(ref _readyCount) == 0);
            return thread;
        }
        RequestRefill(now: true);
        return StartOne();
    }

    /// <summary>Stops the threads not handed out; later <see cref="Take"/>s start their own threads.</summary>
    public void Dispose()
    {
        _disposed = true;
        _refillTimer.Dispose();
        StopReady();
    }

    private DomainThread StartOne() =>
        DomainThread.Start($"{_namePrefix}-{Interlocked.Increment(ref _started)}", _onRunnableFailure);

    private void RequestRefill(bool now)
    {
        if (_disposed || Volatile.Read(ref _readyCount) >= _target) return;
        var state = Interlocked.CompareExchange(ref _refill, Scheduled, Idle);
        // Idle: schedule the job. Scheduled: bring it forward if the pool ran dry. Running: it looks again.
        if (state == Idle || (state == Scheduled && now)) Schedule(now ? TimeSpan.Zero : RefillDelay);
    }

    private void Schedule(TimeSpan due)
    {
        try
        {
            _refillTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed meanwhile: nothing more to start.
        }
    }

    private void RefillNow()
    {
        if (Interlocked.CompareExchange(ref _refill, Running, Scheduled) != Scheduled) return;
        try
        {
            while (!_disposed && Volatile.Read(ref _readyCount) < _target)
            {
                _ready.Enqueue(StartOne());
                Interlocked.Increment(ref _readyCount);
            }
        }
        catch (Exception ex)
        {
            // The process cannot start a thread now (out of memory or of threads). Takes start their own
            // and a failure there reaches the creator of the domain; the next Take tries the refill again.
            Volatile.Write(ref _refill, Idle);
            _onStartFailure(ex);
            return;
        }
        // A thread started while Dispose ran would otherwise wait forever for a domain.
        if (_disposed) StopReady();
        Volatile.Write(ref _refill, Idle);
        // A Take after the last count found the job running and left the refill to it: look once more.
        RequestRefill(now: true);
    }

    private void StopReady()
    {
        while (_ready.TryDequeue(out var thread))
        {
            Interlocked.Decrement(ref _readyCount);
            thread.Shutdown();
        }
    }
}
