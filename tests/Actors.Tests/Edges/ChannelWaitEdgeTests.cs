using ActorInterp.Actors.Tests.Support;
using ActorInterp.Domains;
using ActorInterp.Sharing;
using Xunit;

namespace ActorInterp.Actors.Tests.Edges;

/// <summary>What a domain's waits on a channel do when the domain closes or its runtime shuts down.</summary>
public sealed class ChannelWaitEdgeTests : ActorTestKit
{
    [Fact]
    public async Task A_receive_waiting_in_a_force_closed_domain_takes_no_item()
    {
        var worker = Runtime.CreateDomain("worker");
        var channel = Runtime.CreateChannel<int>(capacity: 8);
        await HoldBothEndsInMain(channel);
        var waiting = new TaskCompletionSource();
        var call = worker.RunAsync(async () =>
        {
            var receive = channel.Receiver.ReceiveAsync();
            waiting.SetResult();
            await receive;
        });
        await waiting.Task.WaitAsync(Long);
        await worker.CloseAsync(CloseMode.Force).WaitAsync(Long);
        await Assert.ThrowsAsync<DomainClosedException>(() => call).WaitAsync(Long);

        var received = await Runtime.Main.CallAsync(async () =>
        {
            await channel.Sender.SendAsync(1);
            await channel.Sender.SendAsync(2);
            return ImmutableList(await channel.Receiver.ReceiveAsync(), await channel.Receiver.ReceiveAsync());
        }).WaitAsync(Long);
        Assert.Equal([1, 2], received);
    }

    [Fact]
    public async Task A_send_waiting_in_a_force_closed_domain_is_never_delivered_and_gives_its_borrows_back()
    {
        var owner = Runtime.CreateDomain("owner");
        var worker = Runtime.CreateDomain("worker");
        var channel = Runtime.CreateChannel<Blob>(capacity: 1);
        await HoldBothEndsInMain(channel);
        Assert.True(channel.Sender.TrySend(new Blob("first", null!)));
        var handle = await owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(16);
            return buffer.Share(worker);
        }).WaitAsync(Long);
        var waiting = new TaskCompletionSource();
        var call = worker.RunAsync(async () =>
        {
            using var proxy = handle.Open();
            var send = channel.Sender.SendAsync(new Blob("second", proxy));
            waiting.SetResult();
            await send;
        });
        await waiting.Task.WaitAsync(Long);
        await worker.CloseAsync(CloseMode.Force).WaitAsync(Long);
        await Assert.ThrowsAsync<DomainClosedException>(() => call).WaitAsync(Long);

        Assert.True(channel.Receiver.TryReceive(out var first));
        Assert.Equal("first", first.Name);
        Assert.False(channel.Receiver.TryReceive(out _));
        Assert.Equal(0, channel.Count);
        await AwaitAllReturned(owner);
    }

    [Fact]
    public async Task A_blocking_receive_in_a_domain_ends_when_the_domain_is_force_closed_and_takes_no_item()
    {
        var worker = Runtime.CreateDomain("worker");
        var channel = Runtime.CreateChannel<int>(capacity: 8);
        await HoldBothEndsInMain(channel);
        var waiting = new TaskCompletionSource();
        var outcome = new TaskCompletionSource<Exception?>();
        worker.Post(() =>
        {
            waiting.SetResult();
            try
            {
#pragma warning disable AI0005 // the test blocks the worker's thread on purpose: it checks how a blocked receive ends
                channel.Receiver.Receive(TimeSpan.FromMinutes(5));
#pragma warning restore AI0005
                outcome.SetResult(null);
            }
            catch (Exception ex)
            {
                outcome.SetResult(ex);
            }
        });
        await waiting.Task.WaitAsync(Long);
        await worker.CloseAsync(CloseMode.Force).WaitAsync(Long);
        Assert.IsType<DomainClosedException>(await outcome.Task.WaitAsync(Long));
        Assert.True(channel.Sender.TrySend(7));
        Assert.True(channel.Receiver.TryReceive(out var item));
        Assert.Equal(7, item);
    }

    [Fact]
    public async Task Runtime_shutdown_ends_a_domain_s_channel_waits_at_once_instead_of_waiting_for_the_close_timeout()
    {
        var runtime = DomainRuntime.Create(new DomainRuntimeOptions { DefaultCloseTimeout = TimeSpan.FromMinutes(5) }, "shutdown-waits");
        var channel = runtime.CreateChannel<int>(capacity: 1);
        var receiving = runtime.CreateDomain("receiving");
        var sending = runtime.CreateDomain("sending");
        Assert.True(channel.Sender.TrySend(0));
        Assert.True(channel.Receiver.TryReceive(out _));
        Assert.True(channel.Sender.TrySend(1)); // full from now on for 'sending'
        var ready = new CountdownEvent(2);
        var receive = receiving.CallAsync(async () =>
        {
            var other = runtime.CreateChannel<int>(capacity: 1);
            var pending = other.Receiver.ReceiveAsync();
            ready.Signal();
            return await Record(pending.AsTask());
        });
        var send = sending.CallAsync(async () =>
        {
            var pending = channel.Sender.SendAsync(2);
            ready.Signal();
            return await Record(pending.AsTask());
        });
        Assert.True(ready.Wait(Long));

        var started = DateTime.UtcNow;
        await runtime.DisposeAsync().AsTask().WaitAsync(Long);
        Assert.True(DateTime.UtcNow - started < Dilated(TimeSpan.FromSeconds(10)), $"shutdown took {DateTime.UtcNow - started}");
        Assert.Contains("DomainClosedException", await receive.WaitAsync(Long));
        Assert.Contains("DomainClosedException", await send.WaitAsync(Long));
        Assert.Equal(1, channel.Count); // the waiting send did not go in
    }

    // The channel's ends stay open when the worker closes: Main holds them too.
    private Task HoldBothEndsInMain<T>(DomainChannel<T> channel) => Runtime.Main.RunAsync(() =>
    {
        Assert.False(channel.Receiver.TryReceive(out _));
        Assert.False(channel.Sender.IsClosed);
        channel.Sender.TrySend(default!);
        channel.Receiver.TryReceive(out _);
    });

    private static async Task<string> Record(Task wait)
    {
        try
        {
            await wait;
            return "completed";
        }
        catch (Exception ex)
        {
            return ex.GetType().Name;
        }
    }

    private static System.Collections.Immutable.ImmutableList<int> ImmutableList(params int[] items) => [.. items];
}
