using ActorInterp.Actors;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;
using Akka.Event;

namespace ActorInterp.Cluster;

/// <summary>
/// A channel's entrance for remote send ends, a domain actor in the node's inlets domain: it receives each
/// item as a domain actor receives a message (its buffers as proxies on this node's copies), puts it into the
/// channel (which passes the proxies on to the receiving domain) and lets go of its own hold. Items are taken
/// one at a time, in order; while a bounded channel is full the inlet waits for room (off its thread, the puts
/// behind kept in line, a close too). Every
/// put is answered, once its item is in the channel or was refused, through the exchange to the sending
/// node's answer actor: the answers to one node keep the order of its puts, which its send window counts on.
/// </summary>
/// <remarks>
/// Puts that went in are answered in runs: one answer for the consecutive puts of a window taken since the
/// last answer, sent once the inlet's mailbox has no more puts ahead of the flush it queued to itself, or
/// before it waits for room (so that a full channel never holds back the answers for items already in it).
/// Under load that is one answer for many items; alone, one item is answered at once.
/// </remarks>
internal sealed class ChannelInlet<T> : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly DomainChannel<T> _channel;
    private readonly RuntimeActors _actors;
    private readonly Dictionary<(IActorRef AnswerTo, long Window), DoneRun> _runs = [];
    private bool _flushQueued;

    // Not null while a put waits for room: the puts (and the close, as a null put) that came in behind it.
    private Queue<(ChannelPut? Put, IActorRef AnswerTo)>? _waiting;

    public ChannelInlet(DomainChannel<T> channel, RuntimeActors actors)
    {
        _channel = channel;
        _actors = actors;
        Receive<ChannelPut>(put =>
        {
            if (_waiting is not null) _waiting.Enqueue((put, Sender));
            else Put(put, Sender);
        });
        Receive<RoomWaited>(OnRoomWaited);
        Receive<FlushAnswers>(_ =>
        {
            _flushQueued = false;
            FlushRuns();
        });
        Receive<ChannelClose>(_ =>
        {
            if (_waiting is not null) _waiting.Enqueue((null, Sender)); // behind the puts sent before it
            else channel.Sender.Close();
        });
    }

    /// <summary>Puts the item in at once when there is room; otherwise waits for room, the puts behind it kept in line.</summary>
    private void Put(ChannelPut put, IActorRef answerTo)
    {
        var proxies = ProxyCollector.Collect(put.Item);
        var waiting = false;
        // A send that chose its own rule for unbound items wraps its item in that choice.
        var (value, unbound) = put.Item is UnboundChoice choice ? (choice.Item, (UnboundItemPolicy?)choice.Policy) : (put.Item, null);
        try
        {
            if (value is not T && !(value is null && default(T) is null))
            {
                RuntimeActors.Count(ref _actors.ChannelItemsDropped);
                var why = $"An item of type {value?.GetType().Name ?? "null"} from another node is not a {typeof(T).Name}, the item type of channel '{_channel.Name}'; it was dropped.";
                _log.Warning(why);
                Settle(put, answerTo, new ChannelPutAnswer(put.Window, put.Id, put.Id, ChannelAnswerKind.Refused, why));
                return;
            }
            if (_channel.TrySend((T)value!, unbound))
            {
                Settle(put, answerTo, null);
                return;
            }
            // Full: what went in before is answered now, and this put waits for room off the domain's thread.
            FlushRuns();
            ValueTask room;
            try
            {
                room = _channel.SendAsync((T)value!, unbound, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // The wait failed before it began: the channel closed since TrySend found it full (a close from
                // another thread can come at any moment), or the item cannot go in. It is settled as a failed
                // wait is, below, so that the inlet never waits for a wait that never started.
                room = ValueTask.FromException(ex);
            }
            _waiting = new Queue<(ChannelPut?, IActorRef)>();
            waiting = true;
            var self = Self;
            room.AsTask().ContinueWith(
                t => self.Tell(new RoomWaited(put, answerTo, t.Exception?.InnerException, proxies), ActorRefs.NoSender),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        catch (DomainChannelClosedException ex)
        {
            Settle(put, answerTo, Closed(put, ex));
        }
        catch (Exception ex) when (ex is NotShareableException or WrongDomainException or OwnerClosedException or ObjectDisposedException)
        {
            // The item cannot go into the channel on this node: the put is answered with why (never lost unanswered).
            Settle(put, answerTo, Refused(put, ex));
        }
        finally
        {
            // The channel holds its own borrow of each buffer now (or gave it back): the inlet lets go, unless
            // the item still waits for room.
            if (!waiting) foreach (var proxy in proxies) proxy.Dispose();
        }
    }

    private void OnRoomWaited(RoomWaited done)
    {
        foreach (var proxy in done.Proxies) proxy.Dispose();
        Settle(done.Put, done.AnswerTo, done.Failure switch
        {
            null => null,
            DomainChannelClosedException closed => Closed(done.Put, closed),
            var other => Refused(done.Put, other),
        });
        var waiting = _waiting!;
        _waiting = null;
        while (_waiting is null && waiting.TryDequeue(out var next))
        {
            if (next.Put is null) _channel.Sender.Close();
            else Put(next.Put, next.AnswerTo);
        }
        // Put may have found the channel full again: what is left keeps its place behind the new wait.
        if (_waiting is not null) while (waiting.TryDequeue(out var rest)) _waiting.Enqueue(rest);
    }

    private ChannelPutAnswer Closed(ChannelPut put, DomainChannelClosedException ex)
    {
        // The sending node learns it from the answer; the count keeps the node's own figures whole.
        RuntimeActors.Count(ref _actors.ChannelItemsDropped);
        return new ChannelPutAnswer(put.Window, put.Id, put.Id, ChannelAnswerKind.Closed, ex.Message);
    }

    private ChannelPutAnswer Refused(ChannelPut put, Exception ex)
    {
        RuntimeActors.Count(ref _actors.ChannelItemsDropped);
        _log.Warning("An item from another node could not be put into channel '{0}': {1}", _channel.Name, ex.Message);
        return new ChannelPutAnswer(put.Window, put.Id, put.Id, ChannelAnswerKind.Refused, $"Putting the item into channel '{_channel.Name}' failed: {ex.Message}");
    }

    /// <summary>Answers a put: one that went in (<paramref name="refusal"/> null) joins its run; a refusal is answered at once, after the run before it.</summary>
    private void Settle(ChannelPut put, IActorRef answerTo, ChannelPutAnswer? refusal)
    {
        if (refusal is null)
        {
            AddToRun(put, answerTo);
            return;
        }
        if (_runs.Remove((answerTo, put.Window), out var run)) Answer(answerTo, run.Answer(put.Window), run.DomainId, run.DomainName);
        Answer(answerTo, refusal, put.AnswerDomainId, put.AnswerDomainName);
    }

    private void AddToRun(ChannelPut put, IActorRef answerTo)
    {
        var key = (answerTo, put.Window);
        if (_runs.TryGetValue(key, out var run) && run.Last + 1 == put.Id)
        {
            run.Last = put.Id;
        }
        else
        {
            // Not next in line (a put lost on the way): the run so far is answered, and the gap shows there.
            if (run is not null) Answer(answerTo, run.Answer(put.Window), run.DomainId, run.DomainName);
            _runs[key] = new DoneRun(put.Id, put.AnswerDomainId, put.AnswerDomainName);
        }
        if (_flushQueued) return;
        _flushQueued = true;
        Self.Tell(FlushAnswers.Instance, ActorRefs.NoSender);
    }

    private void FlushRuns()
    {
        foreach (var ((answerTo, window), run) in _runs) Answer(answerTo, run.Answer(window), run.DomainId, run.DomainName);
        _runs.Clear();
    }

    private void Answer(IActorRef answerTo, ChannelPutAnswer answer, int domainId, string domainName)
    {
        if (answerTo.IsNobody())
        {
            _log.Warning("A put on channel '{0}' from another node came without its answer actor; its answer ({1}) was not sent.", _channel.Name, answer.Kind);
            return;
        }
        try
        {
            var target = ClusterRemoteLayer.Resolve(_actors, answerTo, domainId, domainName, null);
            // Through the exchange, like every put: the answers to one node arrive in the order of its puts.
            new RemoteChannelTarget(target, _channel.Name).Submit(answer, Domain.Current, countItem: false);
        }
        catch (InvalidOperationException ex)
        {
            // The exchange stopped: this node is leaving, and the sending node learns it when this node goes.
            _log.Warning("The answer to a put on channel '{0}' could not be sent to {1}: {2}", _channel.Name, answerTo.Path, ex.Message);
        }
    }

    /// <summary>Consecutive puts of one window that went in and are not answered yet.</summary>
    private sealed class DoneRun(long first, int domainId, string domainName)
    {
        internal long First { get; } = first;

        internal long Last { get; set; } = first;

        internal int DomainId { get; } = domainId;

        internal string DomainName { get; } = domainName;

        internal ChannelPutAnswer Answer(long window) => new(window, First, Last, ChannelAnswerKind.Done, null);
    }

    private sealed record RoomWaited(ChannelPut Put, IActorRef AnswerTo, Exception? Failure, IReadOnlyList<ActorInterp.Sharing.BufferProxy> Proxies);

    private sealed class FlushAnswers
    {
        internal static readonly FlushAnswers Instance = new();
    }
}
