using System.Collections.Concurrent;

namespace ActorInterp.Domains;

/// <summary>
/// Threads started ahead of need, so that creating a domain does not pay for starting one. Each thread is
/// handed out once (<see cref="Take"/>) and never comes back: a domain's thread exits with the domain. A
/// background job, on the .NET thread pool, starts new threads as they are taken.
/// </summary>
internal sealed class ReadyThreads : IDisposable
{
    private readonly ConcurrentQueue<DomainThread> _ready = new();
    private readonly int _target;
    private readonly string _namePrefix;
    private readonly Action<Exception> _onFailure;
    private int _readyCount;
    private int _started;
    private int _refilling;
    private volatile bool _disposed;

    /// <param name="target">How many threads to keep ready (0: start each thread when it is taken).</param>
    /// <param name="namePrefix">The prefix of the names of threads not yet handed out.</param>
    /// <param name="onFailure">Hears of every runnable that throws on one of the threads.</param>
    internal ReadyThreads(int target, string namePrefix, Action<Exception> onFailure)
    {
        _target = target;
        _namePrefix = namePrefix;
        _onFailure = onFailure;
        Refill();
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
            Interlocked.Decrement(ref _readyCount);
            Refill();
            return thread;
        }
        Refill();
        return StartOne();
    }

    /// <summary>Stops the threads not handed out; later <see cref="Take"/>s start their own threads.</summary>
    public void Dispose()
    {
        _disposed = true;
        StopReady();
    }

    private DomainThread StartOne() =>
        DomainThread.Start($"{_namePrefix}-{Interlocked.Increment(ref _started)}", _onFailure);

    private void Refill()
    {
        if (_disposed || Volatile.Read(ref _readyCount) >= _target) return;
        if (Interlocked.CompareExchange(ref _refilling, 1, 0) != 0) return;
        ThreadPool.UnsafeQueueUserWorkItem(static self => self.RefillNow(), this, preferLocal: false);
    }

    private void RefillNow()
    {
        while (true)
        {
            while (!_disposed && Volatile.Read(ref _readyCount) < _target)
            {
                _ready.Enqueue(StartOne());
                Interlocked.Increment(ref _readyCount);
            }
            // A thread started while Dispose ran would otherwise wait forever for a domain.
            if (_disposed) StopReady();
            Volatile.Write(ref _refilling, 0);
            // A Take between the last count and the flag's reset found the job still running and left the
            // refill to it: look once more.
            if (_disposed || Volatile.Read(ref _readyCount) >= _target) return;
            if (Interlocked.CompareExchange(ref _refilling, 1, 0) != 0) return;
        }
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
