using ActorInterp.Domains;
using Akka.TestKit.Xunit2;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Domains.Tests.Support;

/// <summary>
/// Base of the Domains tests: a TestKit actor system with a <see cref="DomainRuntime"/> over it, shut down
/// after each test. Waits scale with <c>akka.test.timefactor</c>.
/// </summary>
public abstract class DomainTestKit : TestKit, IAsyncLifetime
{
    protected DomainTestKit(ITestOutputHelper output) : base((Akka.Configuration.Config?)null, null, output)
    {
        Runtime = new DomainRuntime(Sys);
    }

    protected DomainRuntime Runtime { get; }

    /// <summary>The longest any single step of a test may take before it counts as a hang.</summary>
    protected TimeSpan Timeout => Dilated(TimeSpan.FromSeconds(10));

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Runtime.ShutdownAsync(Timeout).WaitAsync(Timeout * 2);
        await Runtime.DisposeAsync();
    }

    /// <summary>
    /// Occupies <paramref name="domain"/>'s thread until the returned gate is opened, so that work sent
    /// meanwhile stays queued. Returns once the domain is blocked.
    /// </summary>
    protected async Task<Blocker> BlockAsync(Domain domain)
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var timeout = Timeout;
        var run = domain.RunAsync(() =>
        {
            entered.SetResult();
#pragma warning disable AI0005 // blocking the domain is what BlockAsync is for (bounded by the test's timeout)
            if (!gate.Task.Wait(timeout)) throw new TimeoutException("The test never opened the gate.");
#pragma warning restore AI0005
        });
        await entered.Task.WaitAsync(Timeout);
        return new Blocker(gate, run);
    }

    /// <summary>Starts an async call that stays in flight (awaiting) until the returned source completes.</summary>
    protected async Task<(TaskCompletionSource<int> Release, Task<int> Call)> StartInFlightCallAsync(Domain domain)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = domain.CallAsync(async () =>
        {
            started.SetResult();
            return await release.Task;
        });
        await started.Task.WaitAsync(Timeout);
        return (release, call);
    }

    /// <summary>
    /// Runs <paramref name="body"/> on the domain's thread as a raw domain message, bypassing the state check
    /// of Post: it lets a test observe a closing domain after the close request has been processed.
    /// </summary>
    protected Task RunRawAsync(Domain domain, Action body)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        domain.SendInternal(new RawMessage(() =>
        {
            try
            {
                body();
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        }));
        return done.Task.WaitAsync(Timeout);
    }
}
