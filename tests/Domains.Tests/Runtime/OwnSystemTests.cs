using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Domains.Tests.Runtime;

/// <summary>Runtimes that own their actor system: no TestKit here, the runtime is the whole system.</summary>
public sealed class OwnSystemTests
{
    private static readonly TimeSpan Long = TestTime.Dilate(TimeSpan.FromSeconds(20));

    [Fact]
    public async Task A_runtime_made_by_Create_terminates_its_own_system_when_disposed()
    {
        var runtime = DomainRuntime.Create(systemName: "own-system");
        var domain = runtime.CreateDomain("work");
        Assert.Equal(5, await domain.CallAsync(() => 5).WaitAsync(Long));
        Assert.False(runtime.System.WhenTerminated.IsCompleted);

        await runtime.DisposeAsync().AsTask().WaitAsync(Long);

        await runtime.System.WhenTerminated.WaitAsync(Long);
        Assert.Equal(DomainState.Closed, domain.State);
        Assert.Equal(DomainState.Closed, runtime.Main.State);
    }

    [Fact]
    public async Task Disposing_a_runtime_made_by_Create_twice_is_harmless()
    {
        var runtime = DomainRuntime.Create();
        await runtime.DisposeAsync().AsTask().WaitAsync(Long);
        await runtime.DisposeAsync().AsTask().WaitAsync(Long);

        Assert.True(runtime.System.WhenTerminated.IsCompleted);
        Assert.Throws<ObjectDisposedException>(() => runtime.CreateDomain("late"));
    }
}
