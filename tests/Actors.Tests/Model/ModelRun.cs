using System.Buffers;
using System.Collections.Concurrent;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;

namespace ActorInterp.Actors.Tests.Model;

/// <summary>An item of the model: its id, and a buffer filled with the id's low byte, or none.</summary>
public sealed record ModelItem(int Id, IReadOnlyBuffer? Data);

/// <summary>
/// One seeded run of the whole-runtime model on real domains: a random mix of domain creation, drained
/// and forced closes, posts, calls, channel sends and receives (awaited, cancelled, tried and timed),
/// releases, channel closes (forced or not), then the runtime's shutdown; every outcome is recorded in a
/// <see cref="ModelLedger"/> and checked. The sequence of operations is drawn from the seed.
/// </summary>
internal sealed class ModelRun(int seed, ActorSystem system, Func<TimeSpan, TimeSpan> dilated)
{
    private const int Steps = 40;
    private const int MaxDomains = 7;
    private const int ChannelCount = 3;

    private readonly Random _random = new(seed);
    private readonly ModelLedger _ledger = new();
    private readonly List<Domain> _live = [];
    private readonly ConcurrentDictionary<Domain, List<Task>> _ops = new();
    [ThreadStatic] private static int t_servedDomain;
    private readonly CountingPool _pool = new();
    private readonly TimeSpan _bound = dilated(TimeSpan.FromSeconds(10));
    private DomainChannel<ModelItem>[] _channels = [];
    private int _nextId;
    private int _nextReceiveId;
    private int _revokedByForce;

    /// <summary>Runs the seed; returns what broke the rules (empty when all held).</summary>
    internal async Task<IReadOnlyList<string>> RunAsync()
    {
        var runtime = new DomainRuntime(system, new DomainRuntimeOptions { DefaultCloseTimeout = _bound, Layers = [new SharingOptions { BufferPool = _pool }] });
        _channels = [.. Enumerable.Range(0, ChannelCount).Select(i => runtime.CreateChannel<ModelItem>(
            capacity: _random.Next(4) switch { 0 => null, 1 => 1, 2 => 2, _ => 4 }, name: $"model-{i}"))];
        // Main holds both ends of every channel, so that ends close only when the model closes them.
        await runtime.Main.RunAsync(() =>
        {
            for (var i = 0; i < _channels.Length; i++)
            {
                _channels[i].Receiver.TryReceive(out _);
                Send(_channels[i], i, new ModelItem(NextId(), null), SendKind.Try);
            }
        }).WaitAsync(_bound);
        for (var i = 0; i < 3; i++) await CreateDomain(runtime);
        for (var step = 0; step < Steps; step++) await StepAsync(runtime);
        await FinishAsync(runtime);
        var broken = _ledger.Check();
        if (broken.Count == 0) return broken;
        // What the channels counted against what the ledger saw: an item the channel counted out but no receiver
        // reported was taken and lost; one dropped on a channel never forced closed was dropped by something else.
        var explained = new List<string>(broken);
        for (var i = 0; i < _channels.Length; i++)
        {
            var (sent, received) = _ledger.CountsOf(i);
            var stats = _channels[i].GetStats();
            explained.Add($"channel {i} (capacity {_channels[i].Capacity?.ToString() ?? "none"}): ledger sent {sent}, received {received}; channel in {stats.ItemsIn}, out {stats.ItemsOut}, dropped {stats.ItemsDropped}, queued {stats.Queued}");
        }
        explained.Add("trail:\n" + _ledger.Trail());
        return explained;
    }

    private async Task StepAsync(DomainRuntime runtime)
    {
        var roll = _random.Next(100);
        if (_live.Count == 0 || (roll < 6 && _live.Count < MaxDomains)) await CreateDomain(runtime);
        else if (roll < 12) await ForceClose(Pick());
        else if (roll < 16) await DrainClose(Pick());
        else if (roll < 20) Post(Pick());
        else if (roll < 24) await Call(Pick());
        else if (roll < 56) LaunchSend(Pick());
        else if (roll < 88) LaunchReceive(Pick());
        else if (roll < 92) Release(Pick());
        else if (roll < 94) CloseChannelEnd();
        else await AwaitSomeOp();
    }

    private Domain Pick() => _live[_random.Next(_live.Count)];

    private int NextId() => Interlocked.Increment(ref _nextId);

    private int NextReceiveId() => Interlocked.Increment(ref _nextReceiveId);

    private async Task CreateDomain(DomainRuntime runtime)
    {
        var domain = runtime.CreateDomain($"d{_live.Count}");
        _live.Add(domain);
        _ops[domain] = [];
        // A thread's [ThreadStatic] marks outlive any domain that ran on it (managed thread ids are reused
        // once a thread exits, so they would not tell).
        var before = await domain.CallAsync(() =>
        {
            var previous = t_servedDomain;
            t_servedDomain = domain.Id;
            return previous;
        }).WaitAsync(_bound);
        if (before != 0) _ledger.Violation($"{domain} runs on a thread that domain #{before} ran on");
    }

    private async Task ForceClose(Domain domain)
    {
        _live.Remove(domain);
        _ledger.Note($"force close of {domain}");
        var report = await domain.CloseAsync(CloseMode.Force).WaitAsync(_bound);
        _revokedByForce += report.RevokedBorrows;
        _ledger.Note($"{domain} forced closed: revoked {report.RevokedBorrows}");
        await AwaitOpsOf(domain, "its forced close");
    }

    private async Task DrainClose(Domain domain)
    {
        if (_ops[domain].Any(op => !op.IsCompleted)) return; // a drain would wait for them: the model forces those
        _ledger.Note($"drain close of {domain}");
        try
        {
            await domain.CloseAsync(CloseMode.Drain, dilated(TimeSpan.FromMilliseconds(50))).WaitAsync(_bound);
            _live.Remove(domain);
            _ledger.Note($"{domain} drained and closed");
        }
        catch (DrainTimeoutException)
        {
            _ledger.Note($"drain of {domain} timed out");
            // Failed, so it took no effect: the domain runs on and takes work.
            if (domain.State != DomainState.Running) _ledger.Violation($"{domain} is {domain.State} after its drain failed");
            else await Call(domain);
        }
    }

    // A post that its domain's close overtakes is dropped (and logged): it has no outcome to wait for.
    private static void Post(Domain domain) => domain.Post(() => { });

    private async Task Call(Domain domain)
    {
        var value = await domain.CallAsync(() => Domain.Current == domain ? 7 : -1).WaitAsync(_bound);
        if (value != 7) _ledger.Violation($"a call into {domain} ran off its thread");
    }

    private void LaunchSend(Domain domain)
    {
        var index = _random.Next(ChannelCount);
        var kind = (SendKind)_random.Next(4);
        var withBuffer = _random.Next(2) == 0;
        var cancelAfter = _random.Next(20);
        var id = NextId();
        _ledger.Note($"launch {kind} send of item {id} on channel {index} in {domain}{(withBuffer ? " with a buffer" : "")}");
        var op = domain.RunAsync(async () =>
        {
            SharedBuffer? buffer = null;
            if (withBuffer)
            {
                buffer = SharedBuffer.Allocate(64);
                buffer.Span.Fill((byte)id);
            }
            try
            {
                await SendAsync(_channels[index], index, new ModelItem(id, buffer), kind, cancelAfter);
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or DomainChannelClosedException or DomainClosedException or TimeoutException))
            {
                _ledger.Violation($"the {kind} send of item {id} threw {ex.GetType().Name}: {ex.Message}");
                throw;
            }
            finally
            {
                buffer?.Dispose();
            }
        });
        _ops[domain].Add(op);
    }

    private async Task SendAsync(DomainChannel<ModelItem> channel, int index, ModelItem item, SendKind kind, int cancelAfter)
    {
        try
        {
            switch (kind)
            {
                case SendKind.Await:
                    await channel.Sender.SendAsync(item);
                    _ledger.Sent(item.Id, index);
                    return;
                case SendKind.Cancel:
                    using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(cancelAfter)))
                        await channel.Sender.SendAsync(item, cancel.Token);
                    _ledger.Sent(item.Id, index);
                    return;
                default:
                    Send(channel, index, item, kind);
                    return;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or DomainChannelClosedException or DomainClosedException)
        {
            _ledger.SendFailed(item.Id, index, $"{kind}: {ex.GetType().Name}");
        }
    }

    private void Send(DomainChannel<ModelItem> channel, int index, ModelItem item, SendKind kind)
    {
        try
        {
            if (kind == SendKind.Timed) channel.Sender.Send(item, TimeSpan.FromMilliseconds(10));
            else if (!channel.Sender.TrySend(item))
            {
                _ledger.SendFailed(item.Id, index, "TrySend false");
                return;
            }
            _ledger.Sent(item.Id, index);
        }
        catch (Exception ex) when (ex is TimeoutException or DomainChannelClosedException or DomainClosedException)
        {
            _ledger.SendFailed(item.Id, index, $"{kind}: {ex.GetType().Name}");
        }
    }

    private void LaunchReceive(Domain domain)
    {
        var index = _random.Next(ChannelCount);
        var channel = _channels[index];
        var kind = (SendKind)_random.Next(4);
        var cancelAfter = _random.Next(20);
        var receive = $"{kind} receive #{NextReceiveId()} on channel {index} in {domain}";
        _ledger.Note($"launch {receive}");
        _ops[domain].Add(domain.RunAsync(async () =>
        {
            ModelItem item;
            try
            {
                switch (kind)
                {
                    case SendKind.Await:
                        item = await channel.Receiver.ReceiveAsync();
                        break;
                    case SendKind.Cancel:
                        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(cancelAfter)))
                            item = await channel.Receiver.ReceiveAsync(cancel.Token);
                        break;
                    case SendKind.Try:
                        if (!channel.Receiver.TryReceive(out item))
                        {
                            _ledger.Note($"{receive}: nothing queued");
                            return;
                        }
                        break;
                    default:
#pragma warning disable AI0005 // the model drives every receive form, the timed one among them (10 ms)
                        item = channel.Receiver.Receive(TimeSpan.FromMilliseconds(10));
#pragma warning restore AI0005
                        break;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException or DomainChannelClosedException or DomainClosedException)
            {
                _ledger.Note($"{receive} failed: {ex.GetType().Name}: {ex.Message}");
                return;
            }
            catch (Exception ex)
            {
                _ledger.Violation($"{receive} threw {ex.GetType().Name}: {ex.Message}");
                throw;
            }
            Take(item, receive);
        }));
    }

    /// <summary>Records a received item and gives its buffer back, checking the bytes unless the owner was forced closed.</summary>
    private void Take(ModelItem item, string by)
    {
        _ledger.Received(item.Id, by);
        if (item.Data is not BufferProxy proxy) return;
        using (proxy)
            if (!proxy.IsRevoked && proxy.Span[0] != (byte)item.Id) _ledger.Violation($"item {item.Id} arrived with the bytes of another");
    }

    private void Release(Domain domain)
    {
        var channel = _channels[_random.Next(ChannelCount)];
        var receiveEnd = _random.Next(2) == 0;
        _ledger.Note($"release of the {(receiveEnd ? "receive" : "send")} end of {channel} in {domain}");
        _ops[domain].Add(domain.RunAsync(() =>
        {
            if (receiveEnd) channel.Receiver.Release();
            else channel.Sender.Release();
        }));
    }

    private void CloseChannelEnd()
    {
        var index = _random.Next(ChannelCount);
        var channel = _channels[index];
        var force = _random.Next(2) == 0;
        if (force) _ledger.AllowDrops(index); // before the close: a drop may happen at once
        var receiveEnd = _random.Next(2) == 0;
        var close = $"{(force ? "forced " : "")}close of {(receiveEnd ? "the receive end of " : "")}channel {index}";
        _ledger.Note(close);
        try
        {
            if (receiveEnd) channel.Receiver.Close(force);
            else channel.Close(force);
            _ledger.Note($"{close} done: {channel.GetStats()}");
        }
        catch (ChannelNotEmptyException)
        {
            _ledger.Note($"{close} failed: not empty");
            // Failed, so it took no effect: the ends are still open.
            if (channel.Receiver.IsClosed) _ledger.Violation($"{channel} closed although its close failed");
        }
    }

    private async Task AwaitSomeOp()
    {
        var pending = _ops.Values.SelectMany(ops => ops).Where(op => !op.IsCompleted).ToArray();
        if (pending.Length == 0) return;
        await Task.WhenAny(pending[_random.Next(pending.Length)], Task.Delay(dilated(TimeSpan.FromMilliseconds(20))));
    }

    private async Task AwaitOpsOf(Domain domain, string after)
    {
        var ops = Task.WhenAll(_ops[domain].Select(op => op.ContinueWith(_ => { }, TaskScheduler.Default)));
        if (await Task.WhenAny(ops, Task.Delay(_bound)) != ops)
            _ledger.Violation($"an operation of {domain} was still waiting {_bound.TotalSeconds:0} s after {after}");
    }

    /// <summary>Closes the send ends (waiting sends fail), lets Main take what is left, then shuts the runtime down.</summary>
    private async Task FinishAsync(DomainRuntime runtime)
    {
        _ledger.Note("finish: closing the send ends");
        foreach (var channel in _channels) channel.Sender.Close();
        await runtime.Main.RunAsync(() =>
        {
            foreach (var channel in _channels)
            {
                try
                {
                    while (channel.Receiver.TryReceive(out var item)) Take(item, $"the final drain of {channel} in Main");
                }
                catch (DomainChannelClosedException)
                {
                    // Empty and closed for sending, or its receive end was closed: nothing left.
                }
            }
        }).WaitAsync(_bound);
        var report = await runtime.ShutdownAsync().WaitAsync(_bound);
        foreach (var domain in _ops.Keys) await AwaitOpsOf(domain, "the runtime shut down");
        if (!report.IsClean) _ledger.Violation($"the shutdown was not clean: revoked {report.RevokedBorrows}, forced {string.Join(", ", report.Forced)}");
        // A forced close revokes what its buffers still lent; a revoked buffer's memory is left to the collector
        // (a proxy that has not noticed may still read it), so at most one buffer per revoked borrow stays out.
        if (_pool.Outstanding > _revokedByForce)
            _ledger.Violation($"{_pool.Outstanding} buffer(s) never went back to the pool, and forced closes revoked only {_revokedByForce} borrow(s)");
    }

    private enum SendKind
    {
        Await,
        Cancel,
        Try,
        Timed,
    }

    /// <summary>Counts what is rented and not yet returned.</summary>
    private sealed class CountingPool : ArrayPool<byte>
    {
        private int _outstanding;

        internal int Outstanding => Volatile.Read(ref _outstanding);

        public override byte[] Rent(int minimumLength)
        {
            Interlocked.Increment(ref _outstanding);
            return Shared.Rent(minimumLength);
        }

        public override void Return(byte[] array, bool clearArray = false)
        {
            Interlocked.Decrement(ref _outstanding);
            Shared.Return(array, clearArray);
        }
    }
}
