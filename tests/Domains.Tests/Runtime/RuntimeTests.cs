using ActorInterp.Domains.Tests.Support;
using ActorInterp.TestSupport;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Domains.Tests.Runtime;

public sealed class RuntimeTests(ITestOutputHelper output) : DomainTestKit(output: output)
{
    [Fact]
    public async Task Domains_lists_the_live_domains_main_first()
    {
        var a = Runtime.CreateDomain("a");
        var b = Runtime.CreateDomain("b");
        var c = Runtime.CreateDomain("c");

        Assert.Equal(new[] { Runtime.Main, a, b, c }, Runtime.Domains);
        Assert.True(Runtime.Main.IsMain);
        Assert.False(a.IsMain);

        await b.CloseAsync().WaitAsync(Long);

        Assert.Equal(new[] { Runtime.Main, a, c }, Runtime.Domains);
    }

    [Fact]
    public async Task GetDomain_finds_live_domains_and_returns_null_after_close()
    {
        var a = Runtime.CreateDomain("a");
        var b = Runtime.CreateDomain("b");

        Assert.Same(a, Runtime.GetDomain(a.Id));
        Assert.Same(b, Runtime.GetDomain(b.Id));
        Assert.Same(Runtime.Main, Runtime.GetDomain(Runtime.Main.Id));
        Assert.Null(Runtime.GetDomain(-1));
        Assert.Null(Runtime.GetDomain(b.Id + 1000));

        await a.CloseAsync().WaitAsync(Long);

        Assert.Null(Runtime.GetDomain(a.Id));
        Assert.Same(b, Runtime.GetDomain(b.Id));
    }

    [Fact]
    public async Task Domain_ids_are_unique_even_when_domains_are_created_concurrently_and_never_reused()
    {
        using var start = new Barrier(4);
        var created = await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return Enumerable.Range(0, 3).Select(i => Runtime.CreateDomain($"t{t}-{i}")).ToArray();
        }, TaskCreationOptions.LongRunning))).WaitAsync(Long);
        var domains = created.SelectMany(x => x).Append(Runtime.Main).ToArray();

        Assert.Equal(domains.Length, domains.Select(d => d.Id).Distinct().Count());
        Assert.Equal(domains.Length, Runtime.Domains.Count);
        // Names need not be unique; ids are, and a closed domain's id is not given out again.
        var twin1 = Runtime.CreateDomain("twin");
        var twin2 = Runtime.CreateDomain("twin");
        Assert.NotEqual(twin1.Id, twin2.Id);
        await twin2.CloseAsync().WaitAsync(Long);
        var next = Runtime.CreateDomain("twin");
        Assert.DoesNotContain(next.Id, domains.Select(d => d.Id).Append(twin1.Id).Append(twin2.Id));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\n")]
    public void CreateDomain_rejects_an_empty_or_white_space_name(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => Runtime.CreateDomain(name));
        Assert.Equal("name", error.ParamName);
        Assert.Equal(new[] { Runtime.Main }, Runtime.Domains);
    }

    [Fact]
    public void CreateDomain_rejects_a_null_name()
    {
        var error = Assert.Throws<ArgumentNullException>(() => Runtime.CreateDomain(null!));
        Assert.Equal("name", error.ParamName);
        Assert.Equal(new[] { Runtime.Main }, Runtime.Domains);
    }

    [Fact]
    public async Task CreateDomain_after_shutdown_throws_ObjectDisposedException()
    {
        await Runtime.ShutdownAsync(Long).WaitAsync(Long);

        Assert.Throws<ObjectDisposedException>(() => Runtime.CreateDomain("late"));
    }

    [Fact]
    public async Task ShutdownAsync_closes_every_domain_and_returns_a_clean_report()
    {
        var domains = Enumerable.Range(0, 3).Select(i => Runtime.CreateDomain($"d{i}")).ToArray();
        foreach (var domain in domains) domain.Post(() => { });
        var (release, call) = await StartInFlightCallAsync(domains[1]);

        var shutdown = Runtime.ShutdownAsync(Long);
        Assert.Same(shutdown, Runtime.ShutdownAsync()); // calling again returns the same report
        release.SetResult(8);
        var report = await shutdown.WaitAsync(Long * 2);

        Assert.True(report.IsClean);
        Assert.Empty(report.Forced);
        Assert.Empty(report.Leaks);
        Assert.Equal(new[] { "d0", "d1", "d2", "main" }, report.Domains.Select(d => d.Domain).Order());
        Assert.All(report.Domains, d => Assert.Equal(CloseMode.Drain, d.Mode));
        Assert.All(domains.Append(Runtime.Main), d => Assert.Equal(DomainState.Closed, d.State));
        Assert.Empty(Runtime.Domains);
        Assert.Equal(8, await call.WaitAsync(Long)); // the drain let the running call finish
    }

    [Fact]
    public async Task Disposing_a_runtime_over_the_test_system_leaves_the_system_running()
    {
        var runtime = new DomainRuntime(Sys);
        var domain = runtime.CreateDomain("guest");
        await domain.RunAsync(() => { }).WaitAsync(Long);

        await runtime.DisposeAsync().AsTask().WaitAsync(Long * 2);

        Assert.Equal(DomainState.Closed, domain.State);
        Assert.Equal(DomainState.Closed, runtime.Main.State);
        Assert.False(Sys.WhenTerminated.IsCompleted);
        var echo = Sys.ActorOf(Props.Create<WhereActor>());
        echo.Tell("still there?", TestActor);
        await ExpectMsgAsync<Where>(Long);
        Assert.Equal(DomainState.Running, Runtime.Main.State); // the test's own runtime on the same system
    }

    [Fact]
    public async Task Two_runtimes_over_one_system_each_run_their_own_domains()
    {
        await using var second = new DomainRuntime(Sys);
        var first = Runtime.CreateDomain("first");
        var other = second.CreateDomain("other");

        Assert.Equal(1, await first.CallAsync(() => 1).WaitAsync(Long));
        Assert.Equal(2, await other.CallAsync(() => 2).WaitAsync(Long));
        Assert.NotEqual(first.ThreadId, other.ThreadId);
        Assert.DoesNotContain(other, Runtime.Domains);
        Assert.DoesNotContain(first, second.Domains);
    }

    [Fact]
    public async Task A_runtime_can_be_created_again_over_the_system_right_after_the_last_one_was_disposed()
    {
        for (var round = 0; round < 3; round++)
        {
            var runtime = new DomainRuntime(Sys);
            var domain = runtime.CreateDomain($"round-{round}");
            Assert.Equal(round, await domain.CallAsync(() => round).WaitAsync(Long));
            await runtime.DisposeAsync().AsTask().WaitAsync(Long * 2);
        }
    }

    [Fact]
    public async Task A_message_dropped_by_a_closed_domain_is_handled_once_when_two_runtimes_share_the_system()
    {
        await using var second = new DomainRuntime(Sys);
        var domain = second.CreateDomain("gone");
        await domain.CloseAsync().WaitAsync(Long);

        domain.SendInternal(new DropProbe(TestActor));

        await ExpectMsgAsync("dropped", Long);
        await ExpectNoMsgAsync(Dilated(TimeSpan.FromMilliseconds(300)));
    }
}
