using Xunit;

namespace ActorInterp.Cluster.Tests.Actors;

/// <summary>
/// The hold timer of items fetched ahead for remote TryReceives: its next turn is never a time before now.
/// An item can pass its hold between the turn's sweep and the reading of the oldest age (a loaded machine); a
/// timer given a due time before now throws on the timer's thread, which ended the whole process.
/// </summary>
public sealed class RemotePrefetchHoldTests
{
    [Theory]
    [InlineData(5000, 4000, 1001)]   // 1 s left: the turn comes just after the oldest item's hold
    [InlineData(5000, 5000, 1)]      // due now
    [InlineData(5000, 5002, 1)]      // past due by the time of the reading: at once, not 2 ms ago
    [InlineData(5000, 60000, 1)]
    public void The_next_turn_is_after_the_oldest_items_hold_and_never_before_now(int holdMs, int oldestAgeMs, int expectedMs)
    {
        var due = RemotePrefetch.NextHoldDue(TimeSpan.FromMilliseconds(holdMs), TimeSpan.FromMilliseconds(oldestAgeMs));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), due);
        using var timer = new Timer(static _ => { }, null, Timeout.Infinite, Timeout.Infinite);
        Assert.True(timer.Change(due, Timeout.InfiniteTimeSpan)); // a due time a timer takes
    }
}
