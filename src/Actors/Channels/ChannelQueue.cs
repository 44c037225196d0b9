using System.Threading.Tasks.Sources;

namespace ActorInterp.Actors;

/// <summary>
/// The queue under a <see cref="DomainChannel{T}"/>: bounded or not, with waits for room and for items, under
/// one lock that the channel shares (its gate), so that a channel's send takes one lock per item or per batch
/// rather than several (System.Threading.Channels takes its own lock for each read, write and count, and
/// senders and receivers on two threads fight over it). Everything that changes the queue runs inside
/// <see cref="Enter"/>: the waits it ends are woken when the outermost scope has let go of the lock, so no
/// waiter's wake-up (a post to a domain's thread) runs under the lock, and their continuations never run
/// inline in the thread that wakes them.
/// </summary>
internal sealed class ChannelQueue<TItem>(object sync, int? capacity)
{
    private readonly int _capacity = capacity ?? int.MaxValue;
    // A ring: _count items from _head on, wrapping at the end. Grows (unbounded channels) as Queue<T> would; a
    // ring of our own lets a batch go in and out as at most two block copies while the lock is held.
    private TItem[] _ring = new TItem[Math.Clamp(capacity ?? 16, 1, 1024)];
    private int _head;
    private Waiter? _readers;      // waiting for an item, newest first
    private Waiter? _writers;      // waiting for room, newest first
    private Waiter? _wakeReaders;  // ended while the lock was held: woken as the outermost scope leaves it
    private Waiter? _wakeWriters;
    private int _depth;
    private int _count;
    private bool _completed;

    /// <summary>Items queued now. Any thread, without the lock.</summary>
    internal int Count => Volatile.Read(ref _count);

    /// <summary>True once no more items go in (<see cref="CompleteLocked"/>). Any thread, without the lock.</summary>
    internal bool IsCompleted => Volatile.Read(ref _completed);

    /// <summary>True once completed and empty: nothing will ever be read again.</summary>
    internal bool IsDrained
    {
        get
        {
            lock (sync) return _completed && _count == 0;
        }
    }

    /// <summary>Takes the lock until the scope is disposed, which then wakes the waits that ended meanwhile.</summary>
    internal Scope Enter()
    {
        Monitor.Enter(sync);
        _depth++;
        return new Scope(this);
    }

    /// <summary>Writes <paramref name="item"/> unless the queue is full or completed. Inside <see cref="Enter"/>.</summary>
    internal bool TryWriteLocked(TItem item)
    {
        if (_completed || _count >= _capacity) return false;
        if (_count == _ring.Length) Grow(_count + 1);
        _ring[Wrap(_head + _count)] = item;
        Volatile.Write(ref _count, _count + 1);
        WakeReaders();
        return true;
    }

    /// <summary>Writes the leading items that fit; returns how many. Inside <see cref="Enter"/>.</summary>
    internal int TryWriteManyLocked(ReadOnlySpan<TItem> items)
    {
        if (_completed) return 0;
        var room = Math.Min(items.Length, _capacity - _count);
        if (room <= 0) return 0;
        if (_count + room > _ring.Length) Grow(_count + room);
        var tail = Wrap(_head + _count);
        var first = Math.Min(room, _ring.Length - tail);
        items[..first].CopyTo(_ring.AsSpan(tail));
        items[first..room].CopyTo(_ring);
        Volatile.Write(ref _count, _count + room);
        WakeReaders();
        return room;
    }

    /// <summary>Reads the next item. Inside <see cref="Enter"/>.</summary>
    internal bool TryReadLocked(out TItem item)
    {
        if (_count == 0)
        {
            item = default!;
            return false;
        }
        item = _ring[_head];
        DropHeadLocked(1);
        return true;
    }

    /// <summary>The item at the head, not read. Any thread.</summary>
    internal bool TryPeek(out TItem item)
    {
        lock (sync) return TryPeekLocked(out item);
    }

    /// <summary>The item at the head, not read. Inside <see cref="Enter"/> (or under the lock).</summary>
    internal bool TryPeekLocked(out TItem item)
    {
        item = _count > 0 ? _ring[_head] : default!;
        return _count > 0;
    }

    /// <summary>The queued items in order, as the ring holds them: <paramref name="second"/> follows <paramref name="first"/>. Inside <see cref="Enter"/>.</summary>
    internal void PeekAllLocked(out ReadOnlySpan<TItem> first, out ReadOnlySpan<TItem> second)
    {
        var firstLength = Math.Min(_count, _ring.Length - _head);
        first = _ring.AsSpan(_head, firstLength);
        second = _ring.AsSpan(0, _count - firstLength);
    }

    /// <summary>Reads (drops) the <paramref name="n"/> items at the head. Inside <see cref="Enter"/>.</summary>
    internal void DropHeadLocked(int n)
    {
        var firstLength = Math.Min(n, _ring.Length - _head);
        _ring.AsSpan(_head, firstLength).Clear();   // no reference kept alive by a slot
        _ring.AsSpan(0, n - firstLength).Clear();
        _head = Wrap(_head + n);
        Volatile.Write(ref _count, _count - n);
        if (_writers is null) return;
        _wakeWriters = Append(_writers, _wakeWriters);
        _writers = null;
    }

    /// <summary>No more items go in: waits for room end with false, waits for items once the queue is empty. Inside <see cref="Enter"/>.</summary>
    internal void CompleteLocked()
    {
        if (_completed) return;
        Volatile.Write(ref _completed, true);
        WakeReaders();
        _wakeWriters = Append(_writers, _wakeWriters);
        _writers = null;
    }

    /// <summary>True when an item can be read (now or later), false once the queue is drained.</summary>
    internal ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        lock (sync)
        {
            if (_count > 0) return new ValueTask<bool>(true);
            if (_completed) return new ValueTask<bool>(false);
            return Wait(ref _readers, cancellationToken);
        }
    }

    /// <summary>True when there is room for an item (now or later), false once completed.</summary>
    internal ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken)
    {
        lock (sync)
        {
            if (_completed) return new ValueTask<bool>(false);
            if (_count < _capacity) return new ValueTask<bool>(true);
            return Wait(ref _writers, cancellationToken);
        }
    }

    private int Wrap(int index) => index >= _ring.Length ? index - _ring.Length : index;

    private void Grow(int needed)
    {
        var ring = new TItem[Math.Max(needed, (int)Math.Min(Array.MaxLength, 2L * _ring.Length))];
        PeekAllLocked(out var first, out var second);
        first.CopyTo(ring);
        second.CopyTo(ring.AsSpan(first.Length));
        _ring = ring;
        _head = 0;
    }

    private void WakeReaders()
    {
        if (_readers is null) return;
        _wakeReaders = Append(_readers, _wakeReaders);
        _readers = null;
    }

    private static Waiter? Append(Waiter? chain, Waiter? onto)
    {
        if (chain is null) return onto;
        var last = chain;
        while (last.Next is not null) last = last.Next;
        last.Next = onto;
        return chain;
    }

    private void Exit()
    {
        Waiter? readers = null, writers = null;
        if (--_depth == 0)
        {
            readers = _wakeReaders;
            writers = _wakeWriters;
            _wakeReaders = _wakeWriters = null;
        }
        Monitor.Exit(sync);
        // A wait woken here looks again (a receive takes, a send puts, under the lock), so the result only says
        // whether looking again can help: for a reader, unless nothing is left and nothing will come.
        if (readers is not null) Wake(readers, !(IsCompleted && Count == 0));
        if (writers is not null) Wake(writers, !IsCompleted);
    }

    private static void Wake(Waiter? chain, bool result)
    {
        while (chain is not null)
        {
            var next = chain.Next;
            chain.Next = null;
            chain.Complete(result);
            chain = next;
        }
    }

    private ValueTask<bool> Wait(ref Waiter? list, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<bool>(cancellationToken);
        var waiter = new Waiter(this) { Next = list };
        list = waiter;
        if (cancellationToken.CanBeCanceled)
            waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Cancel(token), waiter);
        return new ValueTask<bool>(waiter, waiter.Version);
    }

    /// <summary>Takes <paramref name="waiter"/> off the list it waits in, if it is still there. Under the lock.</summary>
    private void Remove(Waiter waiter)
    {
        if (!Unlink(ref _readers, waiter)) Unlink(ref _writers, waiter);
    }

    private static bool Unlink(ref Waiter? list, Waiter waiter)
    {
        if (list is null) return false;
        if (ReferenceEquals(list, waiter))
        {
            list = waiter.Next;
            waiter.Next = null;
            return true;
        }
        for (var at = list; at.Next is not null; at = at.Next)
        {
            if (!ReferenceEquals(at.Next, waiter)) continue;
            at.Next = waiter.Next;
            waiter.Next = null;
            return true;
        }
        return false;
    }

    /// <summary>The lock held by <see cref="Enter"/>; disposing it lets go and wakes the waits that ended.</summary>
    internal readonly ref struct Scope(ChannelQueue<TItem> queue)
    {
        public void Dispose() => queue.Exit();
    }

    /// <summary>
    /// One wait, awaited once: a value task source of its own (no Task behind it), completed by a wake-up or by
    /// its token, whichever comes first; its continuation never runs inline in the thread that completes it.
    /// </summary>
    private sealed class Waiter(ChannelQueue<TItem> queue) : IValueTaskSource<bool>
    {
        private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
        private int _completed;

        internal Waiter? Next;
        internal CancellationTokenRegistration Registration;

        internal short Version => _core.Version;

        /// <summary>Woken (taken off its list already).</summary>
        internal void Complete(bool result)
        {
            if (Interlocked.Exchange(ref _completed, 1) != 0) return;
            Registration.Unregister();
            _core.SetResult(result);
        }

        /// <summary>Its token was cancelled: off the list, and the wait throws.</summary>
        internal void Cancel(CancellationToken token)
        {
            if (Interlocked.Exchange(ref _completed, 1) != 0) return;
            // Once completed here, a wake-up that finds it in a chain does nothing; off its list so it is not kept.
            lock (queue.Sync) queue.Remove(this);
            _core.SetException(new OperationCanceledException(token));
        }

        public bool GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }

    private object Sync => sync;
}
