using ActorInterp.Actors.Tests.Support;
using ActorInterp.Sharing;
using Xunit;

namespace ActorInterp.Actors.Tests.Channels;

/// <summary>
/// A close that finds the channel empty races a send that has passed its open check: the send's put lands
/// between the close's decision and the queue's completion. The probe stops the send right before its put
/// and lets it go only once the close has decided, so the interleaving is the same on every run.
/// </summary>
public sealed class ChannelCloseRaceTests : ActorTestKit
{
    public enum SendForm
    {
        Try,
        Timed,
        Awaited,
    }

    [Theory]
    [InlineData(SendForm.Try, false)]
    [InlineData(SendForm.Try, true)]
    [InlineData(SendForm.Timed, false)]
    [InlineData(SendForm.Timed, true)]
    [InlineData(SendForm.Awaited, false)]
    [InlineData(SendForm.Awaited, true)]
    public async Task A_send_whose_put_lands_after_a_close_decided_the_channel_was_empty_fails_and_its_item_is_not_dropped(SendForm form, bool closeReceiveEnd)
    {
        var sender = Runtime.CreateDomain("sender");
        var channel = Runtime.CreateChannel<Blob>(capacity: null);
        var atPut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var closeDecided = new ManualResetEventSlim();
        Task<string>? send = null;
        channel.Probe = new ChannelRaceProbe
        {
            BeforePut = () =>
            {
                atPut.TrySetResult();
                if (!closeDecided.Wait(Long)) throw new TimeoutException("the close never reached its decision");
            },
            CloseDecided = () =>
            {
                closeDecided.Set();
                // The send puts its item (or is refused) while the close stands between its decision and the queue's completion.
                if (!send!.Wait(Long)) throw new TimeoutException("the send never ended");
            },
        };
        send = sender.CallAsync(async () =>
        {
            using var buffer = SharedBuffer.Allocate(16);
            var item = new Blob("raced", buffer);
            try
            {
                switch (form)
                {
                    case SendForm.Try:
                        return channel.Sender.TrySend(item) ? "sent" : "refused as full";
                    case SendForm.Timed:
#pragma warning disable AI0005 // the timed send is one of the forms under test
                        channel.Sender.Send(item, Long);
#pragma warning restore AI0005
                        return "sent";
                    default:
                        await channel.Sender.SendAsync(item);
                        return "sent";
                }
            }
            catch (DomainChannelClosedException)
            {
                return "refused as closed";
            }
        });
        await atPut.Task.WaitAsync(Long);

        if (closeReceiveEnd) channel.Receiver.Close();
        else channel.Close();

        // The close succeeded, so it came first: the send must have failed, and nothing may have been dropped.
        var outcome = await send.WaitAsync(Long);
        Assert.True(outcome == "refused as closed" && channel.GetStats().ItemsDropped == 0,
            $"the send reported '{outcome}', and the close, which found the channel empty, dropped {channel.GetStats().ItemsDropped} item(s)");
        channel.Probe = null;
        await AwaitAllReturned(sender);
    }
}
