using ActorInterp.Domains.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Domains.Tests.Lifecycle;

public sealed class CrashTests(ITestOutputHelper output) : DomainTestKit(output: output)
{
    [Fact]
    public async Task A_crash_closes_the_domain_and_fails_its_awaited_calls()
    {
        var domain = Runtime.CreateDomain("crasher");
        var (_, inFlight) = await StartInFlightCallAsync(domain);
        var blocker = await BlockAsync(domain);
        var queued = Enumerable.Range(0, 5).Select(i => domain.CallAsync(() => i)).ToArray();

        await EventFilter.Exception<DomainCrashedException>().ExpectAsync(2, async () =>
        {
            domain.Crash();
            blocker.Release();
            await AwaitAssertAsync(() => Assert.Equal(DomainState.Closed, domain.State), Long);
        }); // Akka's supervisor logs the failure, and the domain logs its crash

        foreach (var call in queued.Append(inFlight))
        {
            var error = await Assert.ThrowsAsync<DomainClosedException>(() => call.WaitAsync(Long));
            Assert.Equal("crasher", error.DomainName);
        }
        Assert.Null(Runtime.GetDomain(domain.Id));
        Assert.DoesNotContain(domain, Runtime.Domains);
        Assert.Throws<DomainClosedException>(() => domain.Post(() => { }));
        var report = await domain.CloseAsync().WaitAsync(Long);
        Assert.Equal(CloseMode.Force, report.Mode);
        Assert.Equal(1, report.FailedCalls);
    }

    [Fact]
    public async Task Other_domains_keep_working_after_one_crashes()
    {
        var crasher = Runtime.CreateDomain("crasher");
        var survivor = Runtime.CreateDomain("survivor");
        await crasher.RunAsync(() => { }).WaitAsync(Long);

        await EventFilter.Exception<DomainCrashedException>().ExpectAsync(2, async () =>
        {
            crasher.Crash();
            await AwaitAssertAsync(() => Assert.Equal(DomainState.Closed, crasher.State), Long);
        });

        Assert.Equal(DomainState.Running, survivor.State);
        Assert.Equal(DomainState.Running, Runtime.Main.State);
        Assert.Equal(new Where(survivor.ThreadId, survivor),
            await survivor.CallAsync(Where.Here).WaitAsync(Long));
        Assert.Equal(1, await Runtime.Main.CallAsync(async () =>
        {
            await Task.Yield();
            return 1;
        }).WaitAsync(Long));
        Assert.Equal(new[] { Runtime.Main, survivor }, Runtime.Domains);
        var report = await Runtime.ShutdownAsync(Long).WaitAsync(Long);
        Assert.True(report.IsClean);
    }
}
