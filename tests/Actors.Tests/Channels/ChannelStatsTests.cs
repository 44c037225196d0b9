using System.Diagnostics.Metrics;
using ActorInterp.Actors.Tests.Support;
using Xunit;

namespace ActorInterp.Actors.Tests.Channels;

/// <summary>A channel's figures: its Stats, and the same on the ActorInterp meter tagged with its id.</summary>
public sealed class ChannelStatsTests : ActorTestKit
{
    [Fact]
    public void Stats_count_items_in_out_and_dropped_and_the_items_queued()
    {
        var channel = Runtime.CreateChannel<int>(capacity: null);
        for (var i = 0; i < 5; i++) Assert.True(channel.Sender.TrySend(i));
        Assert.True(channel.Receiver.TryReceive(out _));
        Assert.Equal(2, channel.Receiver.Receive(Long) + 1);

        Assert.Equal(new ChannelStats { ItemsIn = 5, ItemsOut = 2, Queued = 3 }, channel.GetStats());
        channel.Close(force: true);
        Assert.Equal(new ChannelStats { ItemsIn = 5, ItemsOut = 2, ItemsDropped = 3 }, channel.GetStats());
    }

    [Fact]
    public void Stats_are_the_channels_own()
    {
        var busy = Runtime.CreateChannel<int>(capacity: null);
        var quiet = Runtime.CreateChannel<int>(capacity: null);
        Assert.True(busy.Sender.TrySend(1));

        Assert.Equal(1, busy.GetStats().ItemsIn);
        Assert.Equal(new ChannelStats(), quiet.GetStats());
        Assert.Equal(1, Runtime.GetActorStats().ChannelItemsSent);
    }

    [Fact]
    public async Task Stats_count_the_sends_waiting_for_room_while_they_wait()
    {
        var channel = Runtime.CreateChannel<int>(capacity: 1);
        Assert.True(channel.Sender.TrySend(0));

        var first = channel.Sender.SendAsync(1).AsTask();
        var second = channel.Sender.SendAsync(2).AsTask();
        Assert.Equal(2, channel.GetStats().WaitingSenders);
        var blocked = Task.Run(() => channel.Sender.Send(3, Long));
        await AwaitAssertAsync(() => Assert.Equal(3, channel.GetStats().WaitingSenders), Long);

        var got = new List<int>();
        for (var i = 0; i < 3; i++) got.Add(await channel.Receiver.ReceiveAsync().AsTask().WaitAsync(Long));
        await Task.WhenAll(first, second, blocked).WaitAsync(Long);

        // The blocked send's item may go in ahead of the awaited ones: waiting senders are not served in order.
        Assert.Equal(0, got[0]);
        Assert.Equal(0, channel.GetStats().WaitingSenders);

        Assert.Equal(new ChannelStats { ItemsIn = 4, ItemsOut = 3, Queued = 1 }, channel.GetStats());
        Assert.True(channel.Receiver.TryReceive(out _));
    }

    [Fact]
    public async Task Stats_count_the_receives_waiting_for_an_item_while_they_wait()
    {
        var channel = Runtime.CreateChannel<int>(capacity: null);
        using var cancel = new CancellationTokenSource();

        var waiting = channel.Receiver.ReceiveAsync().AsTask();
        var cancelled = channel.Receiver.ReceiveAsync(cancel.Token).AsTask();
        Assert.Equal(2, channel.GetStats().WaitingReceivers);
        var blocked = Task.Run(() => channel.Receiver.Receive(Long));
        await AwaitAssertAsync(() => Assert.Equal(3, channel.GetStats().WaitingReceivers), Long);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Long));
        Assert.Equal(2, channel.GetStats().WaitingReceivers);
        Assert.True(channel.Sender.TrySend(7));
        Assert.True(channel.Sender.TrySend(8));
        var got = await Task.WhenAll(waiting, blocked).WaitAsync(Long);

        Assert.Equal([7, 8], got.Order());
        Assert.Equal(new ChannelStats { ItemsIn = 2, ItemsOut = 2 }, channel.GetStats());
    }

    [Fact]
    public async Task The_meter_publishes_each_live_channels_figures_tagged_with_its_name_and_id()
    {
        var channel = Runtime.CreateChannel<int>(capacity: 4, "metered");
        for (var i = 0; i < 3; i++) Assert.True(channel.Sender.TrySend(i));
        Assert.True(channel.Receiver.TryReceive(out _));
        var waiting = Runtime.CreateChannel<int>(capacity: null, "waited on");
        var receive = waiting.Receiver.ReceiveAsync().AsTask();

        var seen = Collect();

        Assert.Equal(3, seen[(channel.Id, "actorinterp.channel.items_in")]);
        Assert.Equal(1, seen[(channel.Id, "actorinterp.channel.items_out")]);
        Assert.Equal(0, seen[(channel.Id, "actorinterp.channel.items_dropped")]);
        Assert.Equal(2, seen[(channel.Id, "actorinterp.channel.queued")]);
        Assert.Equal(0, seen[(channel.Id, "actorinterp.channel.waiting_senders")]);
        Assert.Equal(0, seen[(channel.Id, "actorinterp.channel.waiting_receivers")]);
        Assert.Equal(1, seen[(waiting.Id, "actorinterp.channel.waiting_receivers")]);
        Assert.True(waiting.Sender.TrySend(1));
        Assert.Equal(1, await receive.WaitAsync(Long));
        channel.Close(force: true);
        waiting.Close();
    }

    [Fact]
    public void The_meter_leaves_out_closed_channels()
    {
        var closed = Runtime.CreateChannel<int>(capacity: null, "closed");
        var open = Runtime.CreateChannel<int>(capacity: null, "open");
        closed.Close();

        var seen = Collect();

        Assert.Contains((open.Id, "actorinterp.channel.items_in"), seen.Keys);
        Assert.DoesNotContain(seen.Keys, key => key.Channel == closed.Id);
    }

    [Fact]
    public async Task The_meter_leaves_out_the_channels_of_a_runtime_that_has_shut_down()
    {
        var mine = Runtime.CreateChannel<int>(capacity: null);
        var other = new Domains.DomainRuntime(Sys);
        var theirs = other.CreateChannel<int>(capacity: null);
        Assert.Contains((theirs.Id, "actorinterp.channel.items_in"), Collect().Keys);

        await other.ShutdownAsync().WaitAsync(Long);
        var seen = Collect();

        Assert.Contains((mine.Id, "actorinterp.channel.items_in"), seen.Keys);
        Assert.DoesNotContain(seen.Keys, key => key.Channel == theirs.Id);
    }

    /// <summary>One collection of every observable channel instrument on the ActorInterp meter, by channel id and instrument.</summary>
    private static Dictionary<(Guid Channel, string Instrument), long> Collect()
    {
        var seen = new Dictionary<(Guid, string), long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "ActorInterp" && instrument.Name.StartsWith("actorinterp.channel.", StringComparison.Ordinal))
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? id = null, name = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "channel.id") id = tag.Value as string;
                if (tag.Key == "channel") name = tag.Value as string;
            }
            Assert.NotNull(name);
            lock (seen) seen[(Guid.Parse(id!), instrument.Name)] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }
}
