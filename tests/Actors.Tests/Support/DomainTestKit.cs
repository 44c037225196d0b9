using ActorInterp.Domains;
using ActorInterp.Sharing;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Xunit;

namespace ActorInterp.Actors.Tests.Support;

/// <summary>A TestKit with a domain runtime over its actor system, shut down (and checked clean) after each test.</summary>
public abstract class DomainTestKit : TestKit, IAsyncLifetime
{
    private static readonly Config TestConfig = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.log-dead-letters = off
        akka.test.single-expect-default = 10s
        """);

    protected DomainTestKit(Config? config = null) : base((config ?? Config.Empty).WithFallback(TestConfig))
    {
        Runtime = new DomainRuntime(Sys);
    }

    protected DomainRuntime Runtime { get; }

    protected TimeSpan Long => Dilated(TimeSpan.FromSeconds(20));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var report = await Runtime.ShutdownAsync().WaitAsync(Long);
        Assert.True(report.IsClean, $"the runtime shut down with leaks: revoked {report.RevokedBorrows}, forced {string.Join(", ", report.Forced)}");
    }

    /// <summary>Waits until <paramref name="owner"/> owns no buffer and lends nothing.</summary>
    protected Task AwaitAllReturned(Domain owner) => AwaitAssertAsync(() =>
    {
        var stats = owner.GetSharingStats();
        Assert.Equal(0, stats.BorrowsOut);
        Assert.Equal(0, stats.OwnedBuffers);
    }, Long);

    /// <summary>An actor whose every message runs <paramref name="handle"/> on its thread; a non-null result goes to the test actor.</summary>
    protected DomainActorRef Place(Domain domain, Func<object, object?> handle, string? name = null, CopyPolicy? copyPolicy = null) =>
        domain.ActorOf(Props.Create(() => new FuncActor(handle, TestActor)), name, copyPolicy);
}

/// <summary>Runs a handler for each message and reports its result.</summary>
public sealed class FuncActor : ReceiveActor
{
    public FuncActor(Func<object, object?> handle, IActorRef report) =>
        ReceiveAny(message =>
        {
            var result = handle(message);
            if (result is not null) report.Tell(result);
        });
}
