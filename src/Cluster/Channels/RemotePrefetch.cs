using System.Diagnostics;
using System.Runtime.ExceptionServices;
using ActorInterp.Actors;
using ActorInterp.Domains;
using ActorInterp.Sharing;

namespace ActorInterp.Cluster;

/// <summary>
/// What this node fetched ahead from one channel on another node for remote <c>TryReceive</c>s, shared by
/// every remote receive end of that channel here (as <see cref="RemoteSendWindow"/> is for sends). A
/// try-receive never waits: it takes what was fetched, or finds nothing, returns false at once and, unless a
/// fetch is out already, sends the channel's outlet one try-take for up to twice as many items as this
/// node's receivers took since the previous fetch (at least one, at most
/// <see cref="ClusterExchangeOptions.MaxFetchAhead"/>), so that a receiver that drains the channel needs
/// ever fewer round trips and one that polls now and then takes little away from other receivers. The
/// outlet answers at once, each item on its own, ending with the last item or with what stopped it (nothing
/// more queued, the channel closed); the answers land here, where the next receives of the channel on this
/// node, in any domain, take them; a receive that waits takes them first too, after the next answer of the
/// fetch out, so that items reach this node's receivers in the channel's order.
/// </summary>
/// <remarks>
/// <para>An item fetched ahead has its buffers parked here (lent under this fetch's own parking id, as a
/// channel's queue holds them) rather than lent to a domain: the domain that takes it opens them on its own
/// thread, as proxies on this node's copies.</para>
/// <para>Taken once, an item is never lost. One that nobody takes goes back to the outlet (which serves it to
/// the next remote receive of the channel, ahead of the channel's queue) and the outlet confirms it: before a
/// close through a remote receive end of this node is sent (so a close without force counts it as queued, and
/// a forced one drops it); before this node's exchange stops; and after
/// <see cref="ClusterExchangeOptions.FetchedItemHold"/> here. Once the channel's node left the cluster, items
/// here stay for receives here (nobody else can take them); only the stop of this node's exchange then drops
/// them (logged, counted in <c>ChannelItemsDropped</c>).</para>
/// <para>An answer that the channel is closed stays here for try-receives (each of which throws it) until a
/// newer answer replaces it: each try-receive that finds it asks again, since an item sent back by another
/// node can still arrive. A receive that waits drops it and asks the outlet itself.</para>
/// <para>Thread-safe. Answers arrive on the answer actor's thread (the inlets domain's).</para>
/// </remarks>
internal sealed partial class RemotePrefetch
{
    private readonly object _gate = new();
    private readonly ClusterExchange _exchange;
    private readonly LinkedList<Fetched> _ready = new();     // answers in the order they came
    private readonly int _parkingId = Parking.NewId();
    private Timer? _holdTimer;
    private bool _holdArmed;
    private Fetch? _out;          // the fetch out now, if any
    private TaskCompletionSource? _arrival;   // completes when the next answer lands (for receives waiting on the fetch out)
    private int _taken;           // items taken here since the last fetch started: the next fetch asks for twice as many
    private int _closing;         // closes through this node under way: no fetch starts
    private string? _ended;       // the exchange stops or stopped: why nothing is fetched any more
    private bool _stopped;        // the exchange stopped: nothing can go back

    internal RemotePrefetch(ClusterExchange exchange, DomainActorRef outlet, string channelName)
    {
        _exchange = exchange;
        Outlet = outlet;
        ChannelName = channelName;
    }

    /// <summary>The channel's outlet on its node.</summary>
    internal DomainActorRef Outlet { get; }

    internal string ChannelName { get; }

    private TimeSpan Hold => _exchange.Options.FetchedItemHold;

    private TimeSpan AnswerTimeout => _exchange.Options.ChannelAnswerTimeout;

    // ---- taking --------------------------------------------------------------------------------------------

    /// <summary>
    /// Takes the next answer fetched ahead (a <see cref="ChannelAnswer"/>, or one parked in a
    /// <see cref="MarshalledMessage"/> that <paramref name="taker"/> opens); false when none is here, after
    /// starting a fetch unless one is out. Never waits. The caller's thread.
    /// </summary>
    /// <exception cref="WrongDomainException">The next item holds buffers and <paramref name="taker"/> is null; it stays here.</exception>
    /// <exception cref="DomainChannelClosedException">Nothing is here and the channel's node left the cluster, or this node's exchange stops.</exception>
    /// <exception cref="NotShareableException">The fetch could not be sent (as a request could not).</exception>
    internal bool TryTake(Domain? taker, out object answer)
    {
        Fetch? start;
        lock (_gate)
        {
            if (_ready.First is { } head && head.Value.Kind != ChannelAnswerKind.Closed)
            {
                answer = Take(head, taker);
                return true;
            }
            // A closed answer stays (each try-receive throws it) while a fresh fetch looks again.
            answer = _ready.First?.Value.Wire!;
            if (answer is null && _ended is not null) throw EndedException();
            start = StartFetch();
        }
        if (start is not null) Send(start, taker);
        return answer is not null;
    }

    /// <summary>
    /// For a receive that waits: takes the next answer fetched ahead, waiting for the fetch out (if any) to
    /// bring one, to end, or to be overdue; null when none is here and none is coming, and the receive asks
    /// the outlet itself. A closed answer is dropped (the outlet answers the receive itself).
    /// </summary>
    /// <exception cref="WrongDomainException">The next item holds buffers and <paramref name="taker"/> is null; it stays here.</exception>
    /// <exception cref="OperationCanceledException">(In the task) cancelled while the fetch out was not answered.</exception>
    internal async ValueTask<object?> TakeForReceiveAsync(Domain? taker, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task answered;
            TimeSpan left;
            lock (_gate)
            {
                if (_ready.First is { Value.Kind: ChannelAnswerKind.Closed }) _ready.RemoveFirst(); // a closed answer is always alone
                if (_ready.First is { } head) return Take(head, taker);
                if (_out is not { } fetch) return null;
                left = AnswerTimeout - fetch.Age;
                if (left <= TimeSpan.Zero) return null; // overdue: not waited for
                answered = (_arrival ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
            try
            {
                await answered.WaitAsync(left, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Overdue: the next turn of the loop no longer waits for it.
            }
        }
    }

    /// <summary>Puts back an item taken by a receive that could not open it (its domain closed): it is the next again.</summary>
    internal void PutBack(object item) => Keep(item, hold: true);

    private void Keep(object item, bool hold = false)
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                _ready.AddFirst(new Fetched(item, ChannelAnswerKind.Item, Stopwatch.GetTimestamp()));
                if (hold) ArmHold(Hold);
                return;
            }
        }
        Dropped(item, "this node's buffer exchange stopped before it could go back");
    }

    // Caller holds _gate.
    private object Take(LinkedListNode<Fetched> head, Domain? taker)
    {
        if (head.Value.Wire is Exception failure)
        {
            _ready.Remove(head);
            ExceptionDispatchInfo.Throw(failure);
        }
        if (taker is null && head.Value.Wire is MarshalledMessage)
        {
            throw new WrongDomainException("(none)",
                $"The next item of channel '{ChannelName}' holds buffers, which only a domain can receive, and it was received outside every domain; it stays for the next receive. Receive it inside a domain (RunAsync, an actor).");
        }
        _ready.Remove(head);
        if (head.Value.Kind == ChannelAnswerKind.Item) _taken++;
        return head.Value.Wire;
    }

    // Caller holds _gate. The fetch to send (after the lock), or null when one is out or none may start.
    private Fetch? StartFetch()
    {
        if (_closing > 0 || _ended is not null) return null;
        if (_out is { } fetch && !fetch.IsOverdue(AnswerTimeout)) return null;
        // An overdue fetch stays listed: if its answers still come, they land here like any other.
        _out?.Answered.TrySetResult();
        var id = _exchange.RemoteChannels.BeginFetch(this);
        // A receiver that drained what came last gets twice as much next time; one that took nothing, one item.
        var count = Math.Clamp(2 * _taken, 1, _exchange.Options.MaxFetchAhead);
        _taken = 0;
        _out = new Fetch(id, count, Stopwatch.GetTimestamp(), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return _out;
    }

    private void Send(Fetch fetch, Domain? from)
    {
        var answers = _exchange.ChannelPorts.Answers();
        try
        {
            new RemoteChannelTarget(Outlet, ChannelName).Submit(
                new ChannelRequest(fetch.Id, ChannelRequestKind.TryTake, false, answers.DomainId, answers.DomainName, fetch.Count), from, countItem: false,
                sender: answers.ActorRef);
        }
        catch
        {
            _exchange.RemoteChannels.FetchOf(fetch.Id);
            OnFetchLost(fetch.Id);
            throw;
        }
    }

    // ---- answers -------------------------------------------------------------------------------------------

    /// <summary>
    /// Keeps one of the outlet's answers to a fetch, its item's buffers parked here; the fetch ends with its
    /// last answer (<see cref="ChannelAnswer.More"/> false). The answer actor's thread, which holds the item's
    /// proxies (and lets go of them afterwards).
    /// </summary>
    /// <returns>False when the item cannot stay (this node's exchange stopped): the caller sends it back.</returns>
    /// <exception cref="NotShareableException">The item cannot be parked (the caller sends it back).</exception>
    internal bool OnAnswer(ChannelAnswer answer)
    {
        Fetch? answered = null;
        try
        {
            lock (_gate)
            {
                if (!answer.More && _out?.Id == answer.Id)
                {
                    answered = _out;
                    _out = null;
                }
                if (_stopped && answer.Kind == ChannelAnswerKind.Item) return false;
            }
            object wire = answer;
            if (answer.Kind == ChannelAnswerKind.Item)
            {
                try
                {
                    wire = Marshaller.Prepare(answer, Domain.Current, MarshalTarget.Parked(_parkingId, Outlet.Actors.CopyPolicy, Outlet.Actors));
                }
                catch (Exception ex) when (ex is NotShareableException or WrongDomainException)
                {
                    // The receive that takes this learns why, as a receive waiting for the item would; the caller sends the item back.
                    lock (_gate) _ready.AddLast(new Fetched(ex, ChannelAnswerKind.Refused, Stopwatch.GetTimestamp()));
                    throw;
                }
            }
            lock (_gate)
            {
                if (_stopped && answer.Kind == ChannelAnswerKind.Item)
                {
                    (wire as MarshalledMessage)?.GiveBack();
                    return false;
                }
                // A newer answer replaces one that said the channel is closed.
                if (_ready.Last is { Value.Kind: ChannelAnswerKind.Closed }) _ready.RemoveLast();
                if (answer.Kind == ChannelAnswerKind.Empty) return true;
                _ready.AddLast(new Fetched(wire, answer.Kind, Stopwatch.GetTimestamp()));
                if (answer.Kind == ChannelAnswerKind.Item) ArmHold(Hold);
            }
            return true;
        }
        finally
        {
            answered?.Answered.TrySetResult();
            Arrived();
        }
    }

    /// <summary>Fetch <paramref name="id"/> will not be answered (the channel's node is gone, or this node's exchange stopped).</summary>
    internal void OnFetchLost(long id)
    {
        Fetch? lost = null;
        lock (_gate)
        {
            if (_out?.Id == id)
            {
                lost = _out;
                _out = null;
            }
        }
        lost?.Answered.TrySetResult();
        Arrived();
    }

    // Receives waiting on the fetch out look again.
    private void Arrived()
    {
        TaskCompletionSource? arrival;
        lock (_gate)
        {
            arrival = _arrival;
            _arrival = null;
        }
        arrival?.TrySetResult();
    }

    private DomainChannelClosedException EndedException() =>
        new(ChannelName, $"Cannot receive from channel '{ChannelName}' on {Outlet.Node}: {_ended}.");

    /// <summary>An answer fetched ahead: the answer (parked when it holds buffers), its kind, and when it came.</summary>
    private readonly record struct Fetched(object Wire, ChannelAnswerKind Kind, long Since);

    /// <summary>A fetch out: its request id, how many items it asks for, when it was sent, and what completes at its last answer (or when lost, or overdue).</summary>
    private sealed record Fetch(long Id, int Count, long Started, TaskCompletionSource Answered)
    {
        internal TimeSpan Age => Stopwatch.GetElapsedTime(Started);

        internal bool IsOverdue(TimeSpan timeout) => Age >= timeout;
    }
}
