namespace ActorInterp.Examples.Pipeline.Engine;

/// <summary>
/// The reader's back-pressure: a fixed number of credits, one per chunk alive. The reader waits and the chunks'
/// returns release: in the domain modes both on the reader domain's thread (a waiter resumes through the domain's
/// mailbox); in plain mode the workers release from their own threads, so every operation takes a lock (one
/// uncontended lock per chunk of megabytes).
/// </summary>
internal sealed class CreditGate(int credits)
{
    private readonly Lock _lock = new();
    private readonly int _total = credits;
    private int _available = credits;
    private TaskCompletionSource? _waiter;
    private TaskCompletionSource? _allBack;

    public int Out
    {
        get
        {
            lock (_lock) return _total - _available;
        }
    }

    public ValueTask WaitAsync()
    {
        lock (_lock)
        {
            if (_available > 0)
            {
                _available--;
                return ValueTask.CompletedTask;
            }
            if (_waiter is not null) throw new InvalidOperationException("The reader waits for one credit at a time.");
            // Asynchronous continuations: the release runs inside a protocol message (or on a worker thread), the
            // reader resumes at its next turn.
            _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return new ValueTask(_waiter.Task);
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            if (_waiter is { } waiter)
            {
                _waiter = null;
                waiter.SetResult(); // the credit passes straight to the waiter
                return;
            }
            if (++_available > _total) throw new InvalidOperationException("A chunk credit was released twice.");
            if (_available == _total && _allBack is { } allBack)
            {
                _allBack = null;
                allBack.SetResult();
            }
        }
    }

    public Task WhenAllBackAsync()
    {
        lock (_lock)
        {
            if (_available == _total) return Task.CompletedTask;
            _allBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _allBack.Task;
        }
    }
}
