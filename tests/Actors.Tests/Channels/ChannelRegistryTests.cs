using ActorInterp.Actors.Tests.Support;
using Xunit;

namespace ActorInterp.Actors.Tests.Channels;

/// <summary>runtime.Channels (PEP 554's channels.list_all()) and the channel's id.</summary>
public sealed class ChannelRegistryTests : ActorTestKit
{
    private static Guid[] Ids(IEnumerable<IDomainChannel> channels) => channels.Select(c => c.Id).ToArray();

    [Fact]
    public void Channels_lists_the_live_channels_in_creation_order()
    {
        Assert.Empty(Runtime.Channels);
        var first = Runtime.CreateChannel<int>(capacity: 1, "first");
        var second = Runtime.CreateChannel<string>(capacity: null, "second");
        var third = Runtime.CreateChannel<int>(capacity: 8, "third");

        var listed = Runtime.Channels;

        Assert.Equal([first.Id, second.Id, third.Id], Ids(listed));
        Assert.Equal(["first", "second", "third"], listed.Select(c => c.Name));
        Assert.Equal([typeof(int), typeof(string), typeof(int)], listed.Select(c => c.ItemType));
        Assert.Equal([1, null, 8], listed.Select(c => c.Capacity));
        Assert.Same(second, listed[1]);
    }

    [Fact]
    public void Channels_is_a_snapshot_that_later_creations_and_closes_leave_unchanged()
    {
        var first = Runtime.CreateChannel<int>(capacity: null);
        var before = Runtime.Channels;

        var later = Runtime.CreateChannel<int>(capacity: null);
        first.Close();

        Assert.Equal([first.Id], Ids(before));
        Assert.Equal([later.Id], Ids(Runtime.Channels));
    }

    [Fact]
    public void A_closed_channel_leaves_the_list_and_does_not_come_back()
    {
        var closed = Runtime.CreateChannel<int>(capacity: null, "closed");
        var receiveClosed = Runtime.CreateChannel<int>(capacity: null, "receive-closed");
        var open = Runtime.CreateChannel<int>(capacity: null, "open");

        closed.Close();
        receiveClosed.Receiver.Close();

        Assert.True(closed.IsClosed);
        Assert.True(receiveClosed.IsClosed);
        Assert.False(open.IsClosed);
        Assert.Equal([open.Id], Ids(Runtime.Channels));
        closed.Close();
        Assert.Equal([open.Id], Ids(Runtime.Channels));
    }

    [Fact]
    public void A_channel_closed_for_sending_stays_listed_until_its_last_item_is_received()
    {
        var channel = Runtime.CreateChannel<int>(capacity: null);
        Assert.True(channel.Sender.TrySend(1));
        Assert.True(channel.Sender.TrySend(2));
        channel.Sender.Close();

        Assert.False(channel.IsClosed);
        Assert.Equal([channel.Id], Ids(Runtime.Channels));
        Assert.True(channel.Receiver.TryReceive(out _));
        Assert.Equal([channel.Id], Ids(Runtime.Channels));
        Assert.True(channel.Receiver.TryReceive(out _));

        Assert.True(channel.IsClosed);
        Assert.Empty(Runtime.Channels);
    }

    [Fact]
    public void A_channel_whose_last_holders_let_go_of_its_ends_leaves_the_list()
    {
        var channel = Runtime.CreateChannel<int>(capacity: null);
        Assert.True(channel.Sender.TrySend(1));
        Assert.True(channel.Receiver.TryReceive(out _));

        channel.Receiver.Release();   // the last holder of the receive end: the end closes

        Assert.True(channel.IsClosed);
        Assert.Empty(Runtime.Channels);
    }

    [Fact]
    public async Task Each_runtime_lists_only_its_own_channels()
    {
        var mine = Runtime.CreateChannel<int>(capacity: null);
        var other = new Domains.DomainRuntime(Sys);
        try
        {
            var theirs = other.CreateChannel<int>(capacity: null);

            Assert.Equal([mine.Id], Ids(Runtime.Channels));
            Assert.Equal([theirs.Id], Ids(other.Channels));
        }
        finally
        {
            await other.ShutdownAsync().WaitAsync(Long);
        }
    }

    [Fact]
    public void Every_channel_has_an_id_of_its_own_that_its_ends_report()
    {
        var channels = Enumerable.Range(0, 100).Select(_ => Runtime.CreateChannel<int>(capacity: null, "same name")).ToArray();

        Assert.Equal(100, channels.Select(c => c.Id).Distinct().Count());
        Assert.DoesNotContain(Guid.Empty, channels.Select(c => c.Id));
        Assert.All(channels, c =>
        {
            Assert.Equal(c.Id, c.Sender.ChannelId);
            Assert.Equal(c.Id, c.Receiver.ChannelId);
        });
    }

    [Fact]
    public async Task A_domain_sees_the_channel_under_the_same_id()
    {
        var channel = Runtime.CreateChannel<int>(capacity: null);
        var domain = Runtime.CreateDomain("user");
        var (sender, receiver) = await domain.CallAsync(() => (channel.Sender.ChannelId, channel.Receiver.ChannelId)).WaitAsync(Long);
        var reported = Place(domain, m => m is ChannelSender<int> end ? end.ChannelId : null);

        reported.Tell(channel.Sender);

        Assert.Equal(channel.Id, sender);
        Assert.Equal(channel.Id, receiver);
        Assert.Equal(channel.Id, ExpectMsg<Guid>());
    }
}
