using ActorInterp.Actors;
using ActorInterp.Domains;

namespace ActorInterp.Cluster;

/// <summary>
/// What this node knows of one channel on another node through its remote send ends, shared by every
/// remote send end of that channel here (each deserialization makes a <see cref="ChannelSender{T}"/>; they
/// all find this window by the channel's inlet): how many puts are out unanswered, whether the channel is
/// known to be closed and why, and who waits for credit or for a flush.
/// </summary>
/// <remarks>
/// <para>Puts are numbered 1, 2, 3, ... in the order they are handed to the exchange (under the window's
/// lock, so the numbers, the exchange's order and the inlet's order agree) and the inlet answers each, in
/// that order. The window therefore counts by the highest number answered: an answer that skips numbers
/// says the puts between were lost on the way there or back.</para>
/// <para>A bounded channel's window is its capacity: at most that many puts are out unanswered, so the
/// node never has more in flight than the channel could take, and a put is answered only once its item is
/// in the channel, so a full channel holds the senders back. An unbounded channel has no window.</para>
/// <para>Thread-safe. Waiters are completed with continuations run asynchronously, never on the thread that
/// delivers an answer (the inlets domain's) or on the mirror's.</para>
/// </remarks>
internal sealed class RemoteSendWindow
{
    private readonly object _gate = new();
    private readonly ClusterExchange _exchange;
    private readonly List<TaskCompletionSource> _creditWaiters = [];
    private readonly List<(long UpTo, TaskCompletionSource Done)> _flushWaiters = [];
    private readonly Dictionary<long, string> _dropped = [];   // puts dropped on the way (and why), not yet reached by the answers
    private DomainActorRef? _answers;
    private long _sent;           // puts handed to the exchange: numbers 1.._sent
    private long _answered;       // the highest number answered
    private long _firstRefused;   // the first put refused because the channel is closed (0: none)
    private long _refused;
    private string? _refusal;
    private long _firstLost;      // the first put that did not go in for another reason, or was never answered
    private long _lost;
    private string? _loss;
    private bool _closedHere;     // Close() through a remote send end of this node
    private bool _ended;          // nothing more will be answered: the channel's node left, or this node's exchange stopped
    private string? _endReason;
    private long _unconfirmedAtEnd;
    private volatile bool _closed;

    internal RemoteSendWindow(ClusterExchange exchange, long id, DomainActorRef inlet, string channelName, int? capacity)
    {
        _exchange = exchange;
        Id = id;
        Inlet = inlet;
        ChannelName = channelName;
        Capacity = capacity;
    }

    /// <summary>The window's number on this node, which puts and their answers carry.</summary>
    internal long Id { get; }

    /// <summary>The channel's inlet on its node.</summary>
    internal DomainActorRef Inlet { get; }

    internal string ChannelName { get; }

    /// <summary>The most puts out unanswered (the channel's capacity); null: no window.</summary>
    internal int? Capacity { get; }

    /// <summary>Puts handed to the exchange so far.</summary>
    internal long Sent
    {
        get
        {
            lock (_gate) return _sent;
        }
    }

    /// <summary>Puts out unanswered now.</summary>
    internal long Unconfirmed
    {
        get
        {
            lock (_gate) return _sent - _answered;
        }
    }

    /// <summary>True once sends through this node are refused here: closed through a remote end of this node, refused by the channel's node, or the node is gone.</summary>
    internal bool IsClosed => _closed;

    // Caller holds _gate.
    private bool HasCredit => Capacity is not int window || _sent - _answered < window;

    // ---- sending ---------------------------------------------------------------------------------------

    /// <summary>Sends <paramref name="item"/> once a put is free. Sender's thread at the call.</summary>
    /// <exception cref="NotShareableException">The item cannot cross (at the call; no put was used).</exception>
    /// <exception cref="DomainChannelClosedException">The channel is known closed (at the call, or while waiting).</exception>
    /// <exception cref="OperationCanceledException">(In the task) cancelled while waiting; the item was not sent.</exception>
    internal ValueTask SendAsync(object? item, CancellationToken cancellationToken)
    {
        var from = Domain.Current;
        var wire = Prepare(item, from);
        lock (_gate)
        {
            if (TrySubmit(wire, from)) return default;
        }
        return WaitAndSendAsync(wire, from, cancellationToken);
    }

    /// <summary>Sends <paramref name="item"/> once a put is free, blocking the calling thread at most <paramref name="timeout"/>.</summary>
    /// <exception cref="NotShareableException">The item cannot cross; no put was used.</exception>
    /// <exception cref="DomainChannelClosedException">The channel is known closed.</exception>
    /// <exception cref="TimeoutException">No put was free within <paramref name="timeout"/>; the item was not sent.</exception>
    internal void Send(object? item, TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero, nameof(timeout));
        var from = Domain.Current;
        var wire = Prepare(item, from);
        lock (_gate)
        {
            if (TrySubmit(wire, from)) return;
        }
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            // The wait resumes off the calling thread (which is blocked here), so a domain thread can block.
            WaitAndSendAsync(wire, from, timer.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Channel '{ChannelName}' on {Inlet.Node} had {Capacity} item(s) from this node unconfirmed for {timeout.TotalMilliseconds:0} ms (it is full); the item was not sent (its borrows were given back).");
        }
    }

    /// <summary>Sends <paramref name="item"/> if a put is free now; false otherwise (nothing was sent).</summary>
    /// <exception cref="NotShareableException">The item cannot cross; no put was used.</exception>
    /// <exception cref="DomainChannelClosedException">The channel is known closed.</exception>
    internal bool TrySend(object? item)
    {
        lock (_gate)
        {
            if (_closed) throw ClosedException();
            if (!HasCredit) return false; // nothing is lent for an item that cannot go now
        }
        var from = Domain.Current;
        var wire = Prepare(item, from);
        lock (_gate)
        {
            if (TrySubmit(wire, from)) return true;
        }
        GiveBack(wire);
        return false;
    }

    /// <summary>
    /// Closes the channel's send end through its inlet, behind every put sent from this node; later sends
    /// here are refused. Closing again does nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">No exchange runs on this node any more; nothing was sent.</exception>
    internal void Close()
    {
        lock (_gate)
        {
            if (_closedHere) return;
            // Under the lock: no put can slip in behind the close. The node being gone, nobody is there to tell.
            if (!_ended) new RemoteChannelTarget(Inlet, ChannelName).Submit(new ChannelClose(), Domain.Current, countItem: false);
            _closedHere = true;
            _closed = true;
            WakeCreditWaiters();
        }
    }

    /// <summary>
    /// Completes when every put handed to the exchange so far is answered; fails when one of them was
    /// refused, did not go in, or can no longer be answered (the channel's node is gone).
    /// </summary>
    internal Task FlushAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            if (TryDecide(_sent, out var failure)) return failure is null ? Task.CompletedTask : Task.FromException(failure);
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _flushWaiters.Add((_sent, done));
        }
        return cancellationToken.CanBeCanceled ? WaitForFlushAsync(done, cancellationToken) : done.Task;
    }

    private async Task WaitForFlushAsync(TaskCompletionSource done, CancellationToken cancellationToken)
    {
        try
        {
            await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_gate) _flushWaiters.RemoveAll(w => w.Done == done);
            throw;
        }
    }

    // A domain's wait for a put also ends with the domain (a forced close, the runtime's shutdown).
    private async ValueTask WaitAndSendAsync(object? wire, Domain? from, CancellationToken cancellationToken)
    {
        using var wait = new DomainWait(from, cancellationToken);
        try
        {
            while (true)
            {
                var credit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (_gate)
                {
                    if (TrySubmit(wire, from)) return;
                    _creditWaiters.Add(credit);
                }
                try
                {
                    await credit.Task.WaitAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    lock (_gate) _creditWaiters.Remove(credit);
                    if (wait.EndedByDomain) throw wait.Ended($"the item was not sent on channel '{ChannelName}' (its borrows were given back)");
                    throw;
                }
            }
        }
        catch
        {
            GiveBack(wire);
            throw;
        }
    }

    /// <summary>Marshals the item for the channel's node, as a Tell would: its buffers are lent to that node (parked for it).</summary>
    private object? Prepare(object? item, Domain? from)
    {
        if (_closed)
        {
            lock (_gate) throw ClosedException();
        }
        if (item is null) return null;
        var plan = PlanCache.For(item.GetType());
        return Marshaller.Prepare(item, from, MarshalTarget.Parked(_exchange.ParkingIdFor(Inlet.Node), Inlet.CopyPolicy, Inlet.Actors), plan);
    }

    /// <summary>Hands the put to the exchange when a put is free; false when none is. Caller holds _gate.</summary>
    /// <exception cref="DomainChannelClosedException">The channel is known closed; the item's borrows were given back.</exception>
    /// <exception cref="NotShareableException">The put's body cannot be serialized; its borrows were given back.</exception>
    private bool TrySubmit(object? wire, Domain? from)
    {
        if (_closed)
        {
            GiveBack(wire);
            throw ClosedException();
        }
        if (!HasCredit) return false;
        var id = _sent + 1;
        try
        {
            var answers = _answers ??= _exchange.ChannelPorts.Answers();
            if (wire is MarshalledMessage marshalled)
            {
                // A put with buffers can be dropped on the way (its transfer refused there): the exchange
                // says so, since no answer would.
                var links = marshalled.TakeOver();
                _exchange.SubmitMessage(new ChannelPut(Id, id, marshalled.Graph, answers.DomainId, answers.DomainName), links, Inlet, answers.ActorRef, from,
                    tracked: false, onDropped: drop => OnDropped(id, drop.Reason));
            }
            else _exchange.SubmitMessage(new ChannelPut(Id, id, wire, answers.DomainId, answers.DomainName), [], Inlet, answers.ActorRef, from, tracked: false);
        }
        catch
        {
            GiveBack(wire); // nothing if the exchange took the borrows over (it gave them back itself)
            throw;
        }
        _sent = id; // only a put the exchange took counts against the window
        RuntimeActors.Count(ref Inlet.Actors.ChannelItemsSent.Value);
        return true;
    }

    private static void GiveBack(object? wire) => (wire as MarshalledMessage)?.GiveBack();

    // ---- answers -------------------------------------------------------------------------------------

    /// <summary>Takes the inlet's answer to a run of puts. The answer actor's thread.</summary>
    /// <returns>False when the answer does not fit (a number answered before, or never sent): a protocol fault the caller logs.</returns>
    internal bool OnAnswer(ChannelPutAnswer answer)
    {
        lock (_gate)
        {
            if (answer.FirstId <= _answered || answer.FirstId > answer.Id || answer.Id > _sent) return false;
            var count = answer.Id - answer.FirstId + 1;
            if (answer.FirstId > _answered + 1)
            {
                // Answers come in the order of the puts: those skipped were lost on the way there or back.
                Lose(_answered + 1, answer.FirstId - _answered - 1,
                    "they were never answered (lost on the way to the channel's node or back; the logs of both nodes say why), so whether they went in is not known");
            }
            _answered = answer.Id;
            SettleDropped();
            switch (answer.Kind)
            {
                case ChannelAnswerKind.Done:
                    break;
                case ChannelAnswerKind.Closed:
                    if (_firstRefused == 0)
                    {
                        _firstRefused = answer.FirstId;
                        _refusal = answer.Message;
                    }
                    _refused += count;
                    _closed = true;
                    break;
                default:
                    Lose(answer.FirstId, count, answer.Message ?? $"the channel's node answered {answer.Kind}");
                    break;
            }
            WakeCreditWaiters();
            DecideFlushes();
            return true;
        }
    }

    /// <summary>
    /// Put <paramref name="id"/> never reached the inlet, for <paramref name="reason"/>: the channel's node dropped it
    /// (the transfer of its buffers was refused there), or this node's exchange could not send it. The exchange's
    /// thread. It settles as lost once every put before it is answered.
    /// </summary>
    internal void OnDropped(long id, string reason)
    {
        lock (_gate)
        {
            if (id <= _answered) return; // a later answer settled it already
            _dropped[id] = reason;
            if (!SettleDropped()) return;
            WakeCreditWaiters();
            DecideFlushes();
        }
    }

    // Caller holds _gate.
    private bool SettleDropped()
    {
        var settled = false;
        while (_dropped.Remove(_answered + 1, out var reason))
        {
            _answered++;
            Lose(_answered, 1, $"it was dropped on the way: {reason}");
            settled = true;
        }
        foreach (var id in _dropped.Keys.Where(id => id <= _answered).ToArray()) _dropped.Remove(id);
        return settled;
    }

    /// <summary>The channel's node left the cluster: nothing more will be answered. The mirror's thread.</summary>
    internal void OnNodeGone() => End($"the channel's node {Inlet.Node} left the cluster");

    /// <summary>This node's exchange stopped: nothing more can be sent or answered. Any thread.</summary>
    internal void OnExchangeStopped() => End($"the buffer exchange of this node ({_exchange.SelfAddress}) stopped");

    private void End(string reason)
    {
        lock (_gate)
        {
            if (_ended) return;
            _ended = true;
            _endReason = reason;
            _unconfirmedAtEnd = _sent - _answered;
            _closed = true;
            WakeCreditWaiters();
            DecideFlushes();
        }
    }

    private void Lose(long first, long count, string why)
    {
        if (_firstLost == 0)
        {
            _firstLost = first;
            _loss = why;
        }
        _lost += count;
    }

    private void WakeCreditWaiters()
    {
        // Every waiter looks again (a TrySend may have taken the put, a cancelled waiter may have left).
        foreach (var waiter in _creditWaiters) waiter.TrySetResult();
        _creditWaiters.Clear();
    }

    private void DecideFlushes()
    {
        for (var i = _flushWaiters.Count - 1; i >= 0; i--)
        {
            var (upTo, done) = _flushWaiters[i];
            if (!TryDecide(upTo, out var failure)) continue;
            _flushWaiters.RemoveAt(i);
            if (failure is null) done.TrySetResult();
            else done.TrySetException(failure);
        }
    }

    /// <summary>
    /// Whether puts 1..<paramref name="upTo"/> are all settled (answered, or the node is gone), and if so how.
    /// A refusal does not settle the rest early: the answers behind it follow at once, and the flush then
    /// says how many were refused in all. Caller holds _gate.
    /// </summary>
    private bool TryDecide(long upTo, out Exception? failure)
    {
        failure = null;
        if (_answered < upTo && !_ended) return false;
        if (_firstRefused != 0 && _firstRefused <= upTo) failure = new DomainChannelClosedException(ChannelName, RefusedMessage());
        else if (_firstLost != 0 && _firstLost <= upTo) failure = new InvalidOperationException(LostMessage());
        else if (_answered < upTo) failure = new DomainChannelClosedException(ChannelName, EndedMessage());
        return true;
    }

    // ---- errors --------------------------------------------------------------------------------------

    // Caller holds _gate.
    private DomainChannelClosedException ClosedException()
    {
        var why = _ended ? EndedMessage()
            : _closedHere ? $"Cannot send on channel '{ChannelName}': its send end was closed through a remote send end on this node."
            : RefusedMessage();
        if ((_ended || _closedHere) && _refused > 0) why += " " + RefusedMessage();
        return new DomainChannelClosedException(ChannelName, why);
    }

    private string RefusedMessage() =>
        $"Channel '{ChannelName}' on {Inlet.Node} refused {_refused} item(s) sent from this node, because it is closed: {_refusal}";

    private string LostMessage() =>
        $"{_lost} item(s) sent from this node to channel '{ChannelName}' on {Inlet.Node} did not go in: {_loss}";

    private string EndedMessage() =>
        $"Cannot send on channel '{ChannelName}': {_endReason}; {_unconfirmedAtEnd} item(s) sent from this node were not confirmed.";

    /// <inheritdoc />
    public override string ToString()
    {
        lock (_gate)
            return $"send window {Id} of channel '{ChannelName}' on {Inlet.Node}: {_sent - _answered} unconfirmed of {(Capacity is int c ? c : "unbounded")}{(_closed ? ", closed" : "")}";
    }
}
