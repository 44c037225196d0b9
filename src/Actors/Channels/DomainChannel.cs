using System.Diagnostics;
using ActorInterp.Domains;
using ActorInterp.Sharing;

namespace ActorInterp.Actors;

/// <summary>
/// A channel between domains (PEP 554 / PEP 734 semantics), made by
/// <see cref="DomainRuntimeActorExtensions.CreateChannel{T}"/>, with a send end (<see cref="Sender"/>) and a
/// receive end (<see cref="Receiver"/>) that any domain may use; the channel and its ends are shareable, so
/// they can be handed to domains in messages.
/// </summary>
/// <remarks>
/// <para>Items are marshalled like a Tell when they are sent (on the sender's thread: an unshareable item
/// fails the send with <see cref="NotShareableException"/> and leaves the channel unchanged), and
/// materialised in the receiving domain when they are received: a buffer is lent into the channel, then
/// becomes a proxy owned by whichever domain receives it. Each item reaches exactly one receiver.</para>
/// <para>Close and release, per end: closing the send end stops sends, while queued items can still be
/// received, after which receives throw <see cref="DomainChannelClosedException"/>. Closing the receive end (or
/// the whole channel) with items queued throws <see cref="ChannelNotEmptyException"/> unless forced; a
/// forced close drops the items and gives back every borrow in them. A domain holds an end from its first
/// use of it; <c>Release</c> lets go of it, and a domain that closes releases the ends it holds. When the
/// last holder of an end lets go, the end closes (the receive end then drops what is left, since nobody
/// can receive it). Code outside every domain holds an end until it calls <c>Release</c>.</para>
/// <para>Awaiting a send or receive inside a domain (<see cref="Domain.RunAsync(Func{Task})"/>, or an
/// actor's async handler) frees the domain's thread while waiting and resumes on it: the domain keeps
/// processing ownership returns, so two domains sharing buffers through two bounded channels do not
/// deadlock. The blocking forms (<c>Send(item, timeout)</c>, <c>Receive(timeout)</c>) hold the thread.</para>
/// <para>Every operation either takes effect or reports failure. A domain's wait takes no item while it
/// waits: a receive takes its item, and a send puts its item in, only when it runs again on the domain's
/// thread, and hands the outcome to the code after the <c>await</c> in that same turn. A domain's waits end
/// when it is closed with force, when its runtime shuts down, and when it closes: the wait throws
/// <see cref="DomainClosedException"/> having taken nothing, or with its item not sent (its borrows given
/// back); after a forced close the waiting call itself fails instead, and the code after the wait never
/// runs.</para>
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
[DebuggerDisplay("{ToString(),nq}")]
public sealed partial class DomainChannel<T> : IShareable
{
    private static readonly TypePlan? s_staticPlan =
        typeof(T).IsValueType || typeof(T).IsSealed ? PlanCache.For(Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T)) : null;

    private static int s_names;

    private readonly ChannelQueue<ChannelItem<T>> _queue;
    private readonly RuntimeActors _actors;
    private readonly int _parkingId = Parking.NewId();
    private readonly object _gate = new();
    private readonly LocalChannelSender<T> _sender;
    private readonly LocalChannelReceiver<T> _receiver;
    private bool _sendClosed;
    private bool _receiveClosed;

    internal DomainChannel(RuntimeActors actors, int? capacity, string? name)
    {
        _actors = actors;
        Capacity = capacity;
        Name = name ?? $"channel-{Interlocked.Increment(ref s_names)}";
        _queue = new ChannelQueue<ChannelItem<T>>(_gate, capacity);
        _sender = new LocalChannelSender<T>(this);
        _receiver = new LocalChannelReceiver<T>(this);
        ChannelRegistry.For(actors.Runtime).Add(this);
    }

    /// <summary>The channel's name, used in errors.</summary>
    public string Name { get; }

    /// <summary>The most items the channel holds, or null when unbounded.</summary>
    public int? Capacity { get; }

    /// <summary>The send end.</summary>
    public ChannelSender<T> Sender => _sender;

    /// <summary>The receive end.</summary>
    public ChannelReceiver<T> Receiver => _receiver;

    /// <summary>Items queued now (an item removed by <see cref="UnboundItemPolicy.Remove"/> no longer counts). Any thread.</summary>
    public int Count => Math.Max(0, _queue.Count - Volatile.Read(ref _removedQueued));

    /// <summary>Test points that order races (see <see cref="ChannelRaceProbe"/>); null unless a test sets it.</summary>
    internal ChannelRaceProbe? Probe { get; set; }

    /// <summary>True when no item is queued. Any thread.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>
    /// True when a bounded channel has no room: it holds <see cref="Capacity"/> items, counting the places of
    /// removed items (<see cref="UnboundItemPolicy.Remove"/>) that receivers have not passed yet. Any thread.
    /// </summary>
    public bool IsFull => Capacity is int bound && _queue.Count >= bound;

    /// <summary>
    /// Closes both ends. Without <paramref name="force"/> the channel must be empty; with it, queued items
    /// are dropped and every borrow in them is given back. Closing a closed channel does nothing. Any thread.
    /// </summary>
    /// <exception cref="ChannelNotEmptyException">Items are queued and <paramref name="force"/> is false; nothing changed.</exception>
    public void Close(bool force = false)
    {
        // Decided under _gate, where every send puts its item (TryPut): no item goes in after the decision.
        using (_queue.Enter())
        {
            if (!force && !_receiveClosed && Count > 0) throw NotEmpty("the channel");
            _sendClosed = true;
            _receiveClosed = true;
            _queue.CompleteLocked();
        }
        Probe?.CloseDecided?.Invoke();
        DropQueued();
    }

    /// <inheritdoc />
    public override string ToString() => $"channel '{Name}' ({Count} queued{(Capacity is int c ? $" of {c}" : "")})";

    // ---- send end ------------------------------------------------------------------------------------

    internal bool IsSendClosed => Volatile.Read(ref _sendClosed);

    internal bool IsReceiveClosed => Volatile.Read(ref _receiveClosed);

    private ChannelItem<T> PrepareSend(T item, UnboundItemPolicy? unbound)
    {
        CheckSendOpen();
        HoldSendEnd();
        return Wrap(item, unbound);
    }

    private void HoldSendEnd()
    {
        if (Domain.Current is { } from) ChannelHolds.For(from).Hold(_sender);
        else _sender.HoldOutside();
    }

    /// <summary>True when every item of type <typeparamref name="T"/> passes as it is: nothing to marshal, nothing lent.</summary>
    private static bool ItemsPass => s_staticPlan is { IsPass: true };

    /// <summary>The item as it waits in the queue: as it is, or marshalled (its buffers lent into the channel).</summary>
    private ChannelItem<T> Wrap(T item, UnboundItemPolicy? unbound)
    {
        if (item is null) return new ChannelItem<T>(item, null);
        var plan = s_staticPlan ?? PlanCache.For(item.GetType());
        if (plan.IsPass) return new ChannelItem<T>(item, null);
        var wire = Marshaller.Prepare(item, Domain.Current, MarshalTarget.Parked(_parkingId, _actors.CopyPolicy, _actors), plan);
        return wire is MarshalledMessage marshalled ? new ChannelItem<T>(default!, marshalled, Bind(marshalled, unbound)) : new ChannelItem<T>((T)wire, null);
    }

    private void CheckSendOpen()
    {
        if (IsSendClosed) throw SendClosed();
    }

    internal void CloseSendEnd()
    {
        using (_queue.Enter())
        {
            _sendClosed = true;
            _queue.CompleteLocked();
        }
    }

    // ---- receive end ---------------------------------------------------------------------------------

    private Domain? PrepareReceive()
    {
        if (IsReceiveClosed) throw ReceiveClosed();
        var receiver = Domain.Current;
        if (receiver is not null) ChannelHolds.For(receiver).Hold(_receiver);
        else _receiver.HoldOutside();
        return receiver;
    }

    internal void CloseReceiveEnd(bool force)
    {
        // Decided under _gate, where every send puts its item (TryPut): no item goes in after the decision.
        using (_queue.Enter())
        {
            if (!force && !_receiveClosed && Count > 0) throw NotEmpty("its receive end");
            _receiveClosed = true;
            _sendClosed = true;
            _queue.CompleteLocked();
        }
        Probe?.CloseDecided?.Invoke();
        DropQueued();
    }

    private void DropQueued()
    {
        while (TryReadItem(out var item))
        {
            if (!Claim(item)) continue;
            item.Drop();
            CountDropped();
        }
    }

    // ---- errors --------------------------------------------------------------------------------------

    private DomainChannelClosedException SendClosed() => new(Name, IsReceiveClosed
        ? $"Cannot send on channel '{Name}': its receive end is closed, so nothing sent could be received."
        : $"Cannot send on channel '{Name}': its send end is closed.");

    private DomainChannelClosedException ReceiveClosed() => new(Name, IsReceiveClosed
        ? $"Cannot receive from channel '{Name}': its receive end is closed."
        : $"Channel '{Name}' is closed for sending and every queued item has been received.");

    private ChannelNotEmptyException NotEmpty(string what)
    {
        var count = Count;
        return new ChannelNotEmptyException(Name, count,
            $"Cannot close {what} of channel '{Name}': {count} item(s) are still queued. Receive them first, or close with force: true to drop them (their borrows are given back).");
    }
}
