namespace ActorInterp.Examples.Pipeline.Engine;

/// <summary>
/// The reader's back-pressure: a fixed number of credits, one per chunk alive. Used only on the reader
/// domain's thread, so it needs no locks; a waiter resumes through the domain's mailbox.
/// </summary>
internal sealed class CreditGate(int credits)
{
    private readonly int _total = credits;
    private int _available = credits;
    private TaskCompletionSource? _waiter;
    private TaskCompletionSource? _allBack;

    public int Out => _total - _available;

    public ValueTask WaitAsync()
    {
        if (_available > 0)
        {
            _available--;
            return ValueTask.CompletedTask;
        }
        if (_waiter is not null) throw new InvalidOperationException("The reader waits for one credit at a time.");
        // Asynchronous continuations: the release runs inside a protocol message, the reader resumes at its next turn.
        _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new ValueTask(_waiter.Task);
    }

    public void Release()
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

    public Task WhenAllBackAsync()
    {
        if (_available == _total) return Task.CompletedTask;
        _allBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _allBack.Task;
    }
}
