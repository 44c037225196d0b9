using ActorInterp.Actors.Tests.Support;
using ActorInterp.Sharing;
using Xunit;

namespace ActorInterp.Actors.Tests.Marshalling;

/// <summary>Slices inside messages: a proxy slice passes on only its range, through an actor or a channel.</summary>
public sealed class SliceMessageTests : ActorTestKit
{
    [Fact]
    public async Task A_proxy_slice_told_to_a_third_domain_arrives_as_a_proxy_of_that_slice_only()
    {
        var owner = Runtime.CreateDomain("owner");
        var middle = Runtime.CreateDomain("middle");
        var last = Runtime.CreateDomain("last");
        var end = Place(last, m =>
        {
            using var proxy = (BufferProxy)((Blob)m).Data;
            return $"{proxy.Holder.Name}:{proxy.Offset}+{proxy.Length}:{string.Join(",", proxy.Span.ToArray())}";
        });
        var relay = Place(middle, m =>
        {
            using var proxy = (BufferProxy)((Blob)m).Data;
            using var slice = proxy.Slice(3, 4);
            end.Tell(new Blob("slice", slice));
            return null;
        });
        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(10);
            for (var i = 0; i < 10; i++) buffer.Span[i] = (byte)i;
            relay.Tell(new Blob("whole", buffer));
        }).WaitAsync(Long);
        ExpectMsg("last:3+4:3,4,5,6");
        await AwaitAllReturned(owner);
    }

    [Fact]
    public async Task A_proxy_slice_sent_through_a_channel_arrives_as_that_slice()
    {
        var owner = Runtime.CreateDomain("owner");
        var middle = Runtime.CreateDomain("middle");
        var receiver = Runtime.CreateDomain("receiver");
        var channel = Runtime.CreateChannel<Blob>(capacity: null);
        var handle = await owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(100);
            for (var i = 0; i < 100; i++) buffer.Span[i] = (byte)i;
            return buffer.Share(middle, 50, 50); // a slice lent by the owner...
        }).WaitAsync(Long);
        await middle.RunAsync(async () =>
        {
            using var proxy = handle.Open();
            using var slice = proxy.Slice(10, 5); // ...narrowed again by its holder
            await channel.Sender.SendAsync(new Blob("slice", slice));
        }).WaitAsync(Long);
        var (offset, bytes) = await receiver.CallAsync(async () =>
        {
            var blob = await channel.Receiver.ReceiveAsync();
            using var proxy = Assert.IsType<BufferProxy>(blob.Data);
            return (proxy.Offset, string.Join(",", proxy.Span.ToArray()));
        }).WaitAsync(Long);
        Assert.Equal(60, offset);
        Assert.Equal("60,61,62,63,64", bytes);
        await AwaitAllReturned(owner);
    }

    [Fact]
    public async Task A_slice_handle_travels_in_a_message_as_it_is_and_opens_into_the_slice()
    {
        var owner = Runtime.CreateDomain("owner");
        var reader = Runtime.CreateDomain("reader");
        var actor = Place(reader, m =>
        {
            using var proxy = ((SliceLent)m).Handle.Open();
            return $"{proxy.Offset}+{proxy.Length}:{string.Join(",", proxy.Span.ToArray())}";
        });
        await owner.RunAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(8);
            for (var i = 0; i < 8; i++) buffer.Span[i] = (byte)(10 * i);
            actor.Tell(new SliceLent(buffer.Share(reader, 6, 2)));
        }).WaitAsync(Long);
        ExpectMsg("6+2:60,70");
        await AwaitAllReturned(owner);
    }

    private sealed record SliceLent(BufferHandle Handle);
}
