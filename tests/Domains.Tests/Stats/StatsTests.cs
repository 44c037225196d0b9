using ActorInterp.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Domains.Tests.Stats;

public sealed class StatsTests(ITestOutputHelper output) : DomainTestKit(output: output)
{
    [Fact]
    public async Task MailboxDepth_counts_the_work_waiting_and_drains_to_zero()
    {
        const int queued = 40;
        var domain = Runtime.CreateDomain("deep");
        var blocker = await BlockAsync(domain);
        Assert.Equal(0, domain.GetStats().MailboxDepth);

        for (var i = 0; i < queued; i++) domain.Post(() => { });

        Assert.True(domain.GetStats().MailboxDepth >= queued, $"depth {domain.GetStats().MailboxDepth} < {queued}");
        blocker.Release();
        await AwaitAssertAsync(() => Assert.Equal(0, domain.GetStats().MailboxDepth), Long);
        await AwaitAssertAsync(() => Assert.Equal(1 + queued, domain.GetStats().PendingCallsRun), Long);
    }

    [Fact]
    public async Task PendingCallsRun_counts_every_post_and_call_that_ran_including_failed_ones()
    {
        var domain = Runtime.CreateDomain("counted");

        for (var i = 0; i < 10; i++) domain.Post(() => { });
        domain.Post(() => throw new InvalidOperationException("counted anyway"));
        await domain.RunAsync(() => { }).WaitAsync(Long);
        await domain.RunAsync(async () => await Task.Yield()).WaitAsync(Long);
        await domain.CallAsync(() => 1).WaitAsync(Long);
        await Assert.ThrowsAsync<FormatException>(() => domain.CallAsync<int>(async () =>
        {
            await Task.Yield();
            throw new FormatException("counted too");
        }).WaitAsync(Long));

        await AwaitAssertAsync(() => Assert.Equal(15, domain.GetStats().PendingCallsRun), Long);
        var stats = domain.GetStats();
        Assert.Equal(1, stats.PendingCallFailures);
        Assert.Equal(domain.Id, stats.DomainId);
        Assert.Equal("counted", stats.Domain);
        Assert.Equal(DomainState.Running, stats.State);
    }

    [Fact]
    public async Task Stats_of_a_fresh_domain_are_zero_and_keep_their_last_figures_after_close()
    {
        var domain = Runtime.CreateDomain("fresh");
        await domain.RunAsync(() => { }).WaitAsync(Long);
        Assert.Equal(0, domain.GetStats().PendingCallFailures);
        Assert.Equal(0, domain.GetStats().MailboxDepth);

        domain.Post(() => throw new InvalidOperationException("one"));
        await domain.CloseAsync().WaitAsync(Long);

        var stats = domain.GetStats();
        Assert.Equal(DomainState.Closed, stats.State);
        Assert.Equal(2, stats.PendingCallsRun);
        Assert.Equal(1, stats.PendingCallFailures);
    }
}
