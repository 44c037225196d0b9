using System.Threading.Tasks.Sources;

namespace ActorInterp.Actors;

/// <summary>
/// The queue under a <see cref="DomainChannel{T}"/>: bounded or not, with waits for room and for items, under
/// one lock that the channel shares (its gate), so that a channel's send takes one lock per item or per batch
/// rather than several (System.Threading.Channels takes its own lock for each read, write and count, and
/// senders and receivers on two threads fight over it). Waits complete asynchronously (never inline in the
/// thread that signals), as a bounded System.Threading.Channels channel's do by default.
/// </summary>
internal sealed class ChannelQueue<TItem>(object sync, int? capacity)
{
    private readonly Queue<TItem> _items = new(Math.Min(capacity ?? 16, 1024));
    private readonly int _capacity = capacity ?? int.MaxValue;
    private readonly List<Waiter> _readers = [];
    private readonly List<Waiter> _writers = [];
    private int _count;
    private bool _completed;

    /// <summary>Items queued now. Any thread, without the lock.</summary>
    internal int Count => Volatile.Read(ref _count);

    /// <summary>True once no more items go in (<see cref="Complete"/>).</summary>
    internal bool IsCompleted => Volatile.Read(ref _completed);

    /// <summary>True once completed and empty: nothing will ever be read again.</summary>
    internal bool IsDrained
    {
        get
        {
            lock (sync) return _completed && _count == 0;
        }
    }

    /// <summary>Writes <paramref name="item"/> unless the queue is full or completed. Call with the lock held.</summary>
    internal bool TryWriteLocked(TItem item)
    {
        if (_completed || _count >= _capacity) return false;
        _items.Enqueue(item);
        Volatile.Write(ref _count, _count + 1);
        if (_readers.Count > 0) WakeAll(_readers, true);
        return true;
    }

    /// <summary>Writes the leading items that fit; returns how many. Call with the lock held.</summary>
    internal int TryWriteManyLocked(ReadOnlySpan<TItem> items)
    {
        if (_completed) return 0;
        var room = Math.Min(items.Length, _capacity - _count);
        for (var i = 0; i < room; i++) _items.Enqueue(items[i]);
        if (room <= 0) return 0;
        Volatile.Write(ref _count, _count + room);
        if (_readers.Count > 0) WakeAll(_readers, true);
        return room;
    }

    /// <summary>Reads the next item.</summary>
    internal bool TryRead(out TItem item)
    {
        lock (sync)
        {
            if (!_items.TryDequeue(out item!)) return false;
            Took(1);
            return true;
        }
    }

    /// <summary>The item at the head, not read. Call with the lock held.</summary>
    internal bool TryPeekLocked(out TItem item) => _items.TryPeek(out item!);

    /// <summary>Reads the item at the head (there is one); count it with <see cref="TookLocked"/>. Call with the lock held.</summary>
    internal TItem DequeueLocked() => _items.Dequeue();

    /// <summary><paramref name="n"/> items were read with <see cref="DequeueLocked"/>. Call with the lock held.</summary>
    internal void TookLocked(int n) => Took(n);

    /// <summary>The item at the head, not read. Any thread.</summary>
    internal bool TryPeek(out TItem item)
    {
        lock (sync) return _items.TryPeek(out item!);
    }

    /// <summary>No more items go in; waits for room end with false, waits for items end once the queue is empty.</summary>
    internal void Complete()
    {
        lock (sync)
        {
            if (_completed) return;
            Volatile.Write(ref _completed, true);
            WakeAll(_writers, false);
            WakeAll(_readers, _count > 0);
        }
    }

    /// <summary>True when an item can be read (now or later), false once the queue is drained.</summary>
    internal ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        lock (sync)
        {
            if (_count > 0) return new ValueTask<bool>(true);
            if (_completed) return new ValueTask<bool>(false);
            return Wait(_readers, cancellationToken);
        }
    }

    /// <summary>True when there is room for an item (now or later), false once completed.</summary>
    internal ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken)
    {
        lock (sync)
        {
            if (_completed) return new ValueTask<bool>(false);
            if (_count < _capacity) return new ValueTask<bool>(true);
            return Wait(_writers, cancellationToken);
        }
    }

    private void Took(int n)
    {
        Volatile.Write(ref _count, _count - n);
        if (_writers.Count > 0) WakeAll(_writers, true);
    }

    private ValueTask<bool> Wait(List<Waiter> waiters, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<bool>(cancellationToken);
        var waiter = new Waiter(sync, waiters);
        waiters.Add(waiter);
        if (cancellationToken.CanBeCanceled)
            waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancel(token), waiter);
        return new ValueTask<bool>(waiter, waiter.Version);
    }

    private static void WakeAll(List<Waiter> waiters, bool result)
    {
        // The waiters' continuations run elsewhere (RunContinuationsAsynchronously), so waking under the lock
        // runs none of their code here.
        foreach (var waiter in waiters) waiter.Complete(result);
        waiters.Clear();
    }

    /// <summary>
    /// One wait, awaited once: a value task source of its own (no Task behind it), completed by a wake-up or by
    /// its token, whichever comes first; its continuation never runs inline in the thread that completes it.
    /// </summary>
    private sealed class Waiter(object gate, List<Waiter> list) : IValueTaskSource<bool>
    {
        private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
        private int _completed;

        internal CancellationTokenRegistration Registration;

        internal short Version => _core.Version;

        /// <summary>Woken, with the lock held (the waiter is taken off its list by the caller).</summary>
        internal void Complete(bool result)
        {
            if (Interlocked.Exchange(ref _completed, 1) != 0) return;
            Registration.Unregister();
            _core.SetResult(result);
        }

        /// <summary>Its token was cancelled: off the list, and the wait throws.</summary>
        internal void Cancel(CancellationToken token)
        {
            lock (gate) list.Remove(this);
            if (Interlocked.Exchange(ref _completed, 1) != 0) return;
            _core.SetException(new OperationCanceledException(token));
        }

        public bool GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
