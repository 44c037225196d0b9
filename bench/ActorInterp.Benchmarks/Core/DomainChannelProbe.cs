using System.Diagnostics;
using ActorInterp.Actors;
using ActorInterp.Domains;
using ActorInterp.Sharing;

namespace ActorInterp.Benchmarks.Core;

/// <summary>
/// Item 5 (and the channel halves of item 7): a channel from <c>runtime.CreateChannel&lt;T&gt;</c> between a
/// sending domain and a receiving domain. Small items are ints (they pass as they are); the large item is a
/// 16 MiB shared buffer lent through the channel, opened by the receiver, not read, and disposed.
/// </summary>
public sealed class DomainChannelProbe : IAsyncDisposable
{
    private const int BigSize = 16 << 20;

    private readonly DomainRuntime _runtime;
    private readonly Domain _sender;
    private readonly Domain _receiver;

    public DomainChannelProbe()
    {
        _runtime = DomainRuntime.Create(null, "bench-channel");
        _sender = _runtime.CreateDomain("channel-sender");
        _receiver = _runtime.CreateDomain("channel-receiver");
    }

    /// <summary>Sends <paramref name="items"/> ints through a channel of capacity 1024: items per second.</summary>
    public async Task<double> ItemsPerSecondAsync(int items)
    {
        var channel = _runtime.CreateChannel<int>(capacity: 1024);
        var start = Stopwatch.GetTimestamp();
        var receive = _receiver.CallAsync(async () =>
        {
            long sum = 0;
            var got = 0;
            var reader = channel.Receiver;
            while (got < items)
            {
                while (got < items && reader.TryReceive(out var x)) { sum += x; got++; }
                if (got < items) { sum += await reader.ReceiveAsync(); got++; }
            }
            return sum;
        });
        await _sender.RunAsync(async () =>
        {
            var writer = channel.Sender;
            for (var i = 0; i < items; i++)
                if (!writer.TrySend(i)) await writer.SendAsync(i);
        });
        GC.KeepAlive(await receive);
        var elapsed = Stopwatch.GetElapsedTime(start);
        channel.Close();
        return items / elapsed.TotalSeconds;
    }

    /// <summary>
    /// Sends <paramref name="items"/> ints through a channel of capacity 1024 in batches of
    /// <paramref name="batch"/> (<c>SendManyAsync</c>), received into a buffer of the channel's capacity
    /// (<c>TryReceiveMany</c>, then <c>ReceiveManyAsync</c> when nothing is queued): items per second.
    /// </summary>
    public async Task<double> ItemsPerSecondBatchedAsync(int items, int batch = 256)
    {
        var channel = _runtime.CreateChannel<int>(capacity: 1024);
        var start = Stopwatch.GetTimestamp();
        var receive = _receiver.CallAsync(async () =>
        {
            long sum = 0;
            var got = 0;
            var reader = channel.Receiver;
            var into = new int[1024];
            while (got < items)
            {
                var n = reader.TryReceiveMany(into);
                if (n == 0) n = await reader.ReceiveManyAsync(into);
                for (var i = 0; i < n; i++) sum += into[i];
                got += n;
            }
            return sum;
        });
        await _sender.RunAsync(async () =>
        {
            var writer = channel.Sender;
            var chunk = new int[batch];
            for (var i = 0; i < items; i += batch)
            {
                var size = Math.Min(batch, items - i);
                for (var j = 0; j < size; j++) chunk[j] = i + j;
                var sent = await writer.SendManyAsync(chunk.AsMemory(0, size));
                if (sent != size) throw new InvalidOperationException($"Only {sent} of {size} items went in.");
            }
        });
        GC.KeepAlive(await receive);
        var elapsed = Stopwatch.GetElapsedTime(start);
        channel.Close();
        return items / elapsed.TotalSeconds;
    }

    /// <summary>
    /// Lends one 16 MiB buffer through a channel of capacity 4 in <paramref name="items"/> items; the receiver
    /// opens each, reads nothing and disposes it. Timed until the owner frees the buffer (every borrow back):
    /// microseconds per item.
    /// </summary>
    public async Task<double> BigItemMicrosAsync(int items)
    {
        var channel = _runtime.CreateChannel<Blob>(capacity: 4);
        var freed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = Stopwatch.GetTimestamp();
        var receive = _receiver.CallAsync(async () =>
        {
            var reader = channel.Receiver;
            for (var got = 0; got < items; got++)
            {
                var blob = reader.TryReceive(out var item) ? item : await reader.ReceiveAsync();
                blob.Data.Dispose();
            }
            return items;
        });
        await _sender.RunAsync(async () =>
        {
            var buffer = SharedBuffer.Allocate(BigSize);
            buffer.WhenFreed(() => freed.SetResult());
            var blob = new Blob(buffer);
            var writer = channel.Sender;
            for (var i = 0; i < items; i++)
                if (!writer.TrySend(blob)) await writer.SendAsync(blob);
            buffer.Dispose();
        });
        await receive;
        await freed.Task;
        var elapsed = Stopwatch.GetElapsedTime(start);
        channel.Close();
        return elapsed.TotalMicroseconds / items;
    }

    public async ValueTask DisposeAsync() => await _runtime.DisposeAsync();

    /// <summary>A channel item carrying a buffer: the sender's <see cref="SharedBuffer"/> arrives as a proxy.</summary>
    public sealed record Blob(IReadOnlyBuffer Data);
}
