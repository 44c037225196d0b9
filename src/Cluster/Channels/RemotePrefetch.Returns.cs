using System.Diagnostics;
using ActorInterp.Actors;
using Akka.Actor;
using Akka.Event;

namespace ActorInterp.Cluster;

// Sending back what nobody took: before a close through this node, before the exchange stops, and after the hold.
internal sealed partial class RemotePrefetch
{
    // ---- sending back ----------------------------------------------------------------------------------------

    /// <summary>
    /// Before a close through a remote receive end of this node: no fetch starts until the returned scope ends;
    /// the fetch out is awaited (at most <see cref="ClusterExchangeOptions.ChannelAnswerTimeout"/>), and every
    /// item here goes back to the outlet, confirmed, so that the close finds it there.
    /// </summary>
    internal async Task<IDisposable> BeginCloseAsync()
    {
        lock (_gate) _closing++;
        var scope = new CloseScope(this);
        try
        {
            await SendAllBackAsync("its receive end is being closed through this node").ConfigureAwait(false);
        }
        catch
        {
            scope.Dispose();
            throw;
        }
        return scope;
    }

    /// <summary>
    /// This node's exchange is stopping: no fetch starts any more; the fetch out is awaited (bounded), and
    /// every item here goes back to the outlet, confirmed, while the exchange can still carry it.
    /// </summary>
    internal Task OnExchangeStoppingAsync()
    {
        lock (_gate) _ended = $"the buffer exchange of this node ({_exchange.SelfAddress}) stopped";
        return SendAllBackAsync("this node's buffer exchange is stopping");
    }

    /// <summary>This node's exchange stopped: what is still here cannot go back, and is dropped (logged and counted).</summary>
    internal void OnExchangeStopped()
    {
        List<Fetched> left;
        Fetch? lost;
        lock (_gate)
        {
            _ended ??= $"the buffer exchange of this node ({_exchange.SelfAddress}) stopped";
            _stopped = true;
            left = [.. _ready];
            _ready.Clear();
            lost = _out;
            _out = null;
            _holdTimer?.Dispose();
        }
        lost?.Answered.TrySetResult();
        Arrived();
        foreach (var fetched in left.Where(f => f.Kind == ChannelAnswerKind.Item))
            Dropped(fetched.Wire, "this node's buffer exchange stopped before it could go back");
    }

    private async Task SendAllBackAsync(string why)
    {
        Task? answered;
        TimeSpan left;
        lock (_gate)
        {
            answered = _out?.Answered.Task;
            left = _out is { } fetch ? AnswerTimeout - fetch.Age : TimeSpan.Zero;
        }
        if (answered is not null && left > TimeSpan.Zero)
        {
            try
            {
                await answered.WaitAsync(left).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // An answer that comes later still lands here (and goes back at the hold's end).
            }
        }
        List<object> items;
        lock (_gate)
        {
            // Only items go back; what else was fetched (consumed on the channel's node) stays for a receive here.
            items = [.. _ready.Where(f => f.Kind == ChannelAnswerKind.Item).Select(f => f.Wire)];
            RemoveItems();
        }
        await Task.WhenAll(items.Select(item => SendBackAsync(item, why))).ConfigureAwait(false);
    }

    /// <summary>Sends one item back to the outlet through the answer actor (which opens it there) and waits, bounded, for the outlet's confirmation. Never throws.</summary>
    private async Task SendBackAsync(object item, string why)
    {
        var (id, confirmed) = _exchange.RemoteChannels.BeginReceive(null, Outlet.Node, ChannelName);
        var handedOn = false;
        try
        {
            if (confirmed.Task.IsCompleted)
            {
                // The channel's node is gone: nobody there can take it, so it stays for a receive here.
                Keep(item);
                return;
            }
            _exchange.ChannelPorts.Answers().ActorRef.Tell(new ReturnFetched(item, Outlet, id, why), ActorRefs.NoSender);
            handedOn = true;
            var answer = await confirmed.Task.WaitAsync(AnswerTimeout).ConfigureAwait(false);
            if (answer is ChannelAnswer { Kind: not ChannelAnswerKind.Done } refused)
                Log.Warning("An item of channel '{0}' fetched ahead on this node went back, and the channel's node dropped it: {1}", ChannelName, refused.Message);
        }
        catch (TimeoutException)
        {
            Log.Warning("An item of channel '{0}' fetched ahead on this node was sent back ({1}), but {2} did not confirm it within {3} ms; whether it arrived is in that node's log.",
                ChannelName, why, Outlet.Node, AnswerTimeout.TotalMilliseconds);
        }
        catch (InvalidOperationException ex) when (!handedOn)
        {
            // The answer actor could not be reached (its domain is closing): the item is still here, and goes.
            Dropped(item, $"{why}, and it could not be handed on to go back: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            Log.Warning("An item of channel '{0}' fetched ahead on this node was sent back ({1}), and no confirmation can come: {2}", ChannelName, why, ex.Message);
        }
        finally
        {
            _exchange.RemoteChannels.TakeReceive(id);
        }
    }

    private void Dropped(object item, string why)
    {
        (item as MarshalledMessage)?.GiveBack();
        RuntimeActors.Count(ref Outlet.Actors.ChannelItemsDropped);
        Log.Error("An item of channel '{0}' fetched ahead on this node was dropped: {1}.", ChannelName, why);
    }

    // Caller holds _gate.
    private void RemoveItems()
    {
        for (var node = _ready.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.Kind == ChannelAnswerKind.Item) _ready.Remove(node);
            node = next;
        }
    }

    // ---- holding ---------------------------------------------------------------------------------------------

    // Caller holds _gate. One timer, set for the oldest item here: an armed timer is left as it is.
    private void ArmHold(TimeSpan due)
    {
        if (_stopped || _holdArmed) return;
        _holdTimer ??= new Timer(static state => ((RemotePrefetch)state!).OnHoldElapsed(), this, Timeout.Infinite, Timeout.Infinite);
        _holdArmed = true;
        _holdTimer.Change(due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// When the hold timer turns next: just after the oldest item left reaches <paramref name="hold"/>, or at once
    /// (1 ms) when it already has (time passes between the turn's sweep and this reading, and a timer refuses a
    /// due time before now).
    /// </summary>
    internal static TimeSpan NextHoldDue(TimeSpan hold, TimeSpan oldestAge)
    {
        var left = hold - oldestAge;
        return left > TimeSpan.Zero ? left + TimeSpan.FromMilliseconds(1) : TimeSpan.FromMilliseconds(1);
    }

    private void OnHoldElapsed()
    {
        var due = new List<object>();
        lock (_gate)
        {
            _holdArmed = false;
            var now = Stopwatch.GetTimestamp();
            var node = _ready.First;
            while (node is not null)
            {
                var next = node.Next;
                if (node.Value.Kind == ChannelAnswerKind.Item && Stopwatch.GetElapsedTime(node.Value.Since, now) >= Hold)
                {
                    due.Add(node.Value.Wire);
                    _ready.Remove(node);
                }
                node = next;
            }
            // The oldest item left sets the next turn.
            var oldest = _ready.Where(f => f.Kind == ChannelAnswerKind.Item).Select(f => Stopwatch.GetElapsedTime(f.Since)).DefaultIfEmpty(TimeSpan.MinValue).Max();
            if (oldest > TimeSpan.MinValue) ArmHold(NextHoldDue(Hold, oldest));
        }
        foreach (var item in due) _ = SendBackAsync(item, $"nobody on this node received it within {Hold.TotalMilliseconds:0} ms");
    }

    private ILoggingAdapter Log => _exchange.Runtime.System.Log;

    private sealed class CloseScope(RemotePrefetch prefetch) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            lock (prefetch._gate) prefetch._closing--;
        }
    }
}
