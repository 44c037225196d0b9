using ActorInterp.Domains.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Domains.Tests.Calls;

public sealed class PostFailureTests(ITestOutputHelper output) : DomainTestKit(output: output)
{
    [Fact]
    public async Task A_throwing_post_is_counted_raised_on_the_domain_thread_and_the_domain_keeps_running()
    {
        var domain = Runtime.CreateDomain("posts-fail");
        var raised = new TaskCompletionSource<(Domain Domain, Exception Error, Where Where)>(TaskCreationOptions.RunContinuationsAsynchronously);
        Runtime.PendingCallFailed += (_, e) => raised.TrySetResult((e.Domain, e.Exception, Where.Here()));
        var thrown = new InvalidOperationException("posted work failed");

        domain.Post(() => throw thrown);
        var (failedDomain, error, where) = await raised.Task.WaitAsync(Long);

        Assert.Same(domain, failedDomain);
        Assert.Same(thrown, error);
        Assert.Equal(new Where(domain.ThreadId, domain), where);
        await AwaitAssertAsync(() => Assert.Equal(1, domain.GetStats().PendingCallFailures), Long);
        Assert.Equal(DomainState.Running, domain.State);
        Assert.Equal("alive", await domain.CallAsync(() => "alive").WaitAsync(Long));

        var ran = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        domain.Post(ran.SetResult);
        await ran.Task.WaitAsync(Long);
        Assert.Equal(1, domain.GetStats().PendingCallFailures);
    }

    [Fact]
    public async Task Every_throwing_post_is_counted_and_the_posts_behind_it_still_run()
    {
        var domain = Runtime.CreateDomain("many-fail");
        var ran = new List<int>();

        for (var i = 0; i < 10; i++)
        {
            var n = i;
            domain.Post(() =>
            {
                if (n % 2 == 0) throw new ArithmeticException($"post {n} failed");
                ran.Add(n);
            });
        }
        var result = await domain.CallAsync(() => ran.ToArray()).WaitAsync(Long);

        Assert.Equal([1, 3, 5, 7, 9], result);
        Assert.Equal(5, domain.GetStats().PendingCallFailures);
    }

    [Fact]
    public async Task A_throwing_post_is_logged_as_an_error_naming_the_domain()
    {
        var domain = Runtime.CreateDomain("logged-domain");
        var thrown = new InvalidOperationException("posted work failed loudly");

        await EventFilter.Exception<InvalidOperationException>(contains: "logged-domain").ExpectOneAsync(async () =>
        {
            domain.Post(() => throw thrown);
            await AwaitAssertAsync(() => Assert.Equal(1, domain.GetStats().PendingCallFailures), Long);
        });

        Assert.Equal(DomainState.Running, domain.State);
    }

    [Fact]
    public async Task PendingCallFailed_is_an_EventHandler_whose_sender_is_the_runtime_and_whose_args_name_the_domain_and_the_exception()
    {
        var domain = Runtime.CreateDomain("event-args");
        var raised = new TaskCompletionSource<(object? Sender, PendingCallFailedEventArgs Args)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        EventHandler<PendingCallFailedEventArgs> handler = (sender, e) =>
        {
            Interlocked.Increment(ref calls);
            raised.TrySetResult((sender, e));
        };
        Runtime.PendingCallFailed += handler;
        var thrown = new FormatException("posted work failed");

        domain.Post(() => throw thrown);
        var (sender, args) = await raised.Task.WaitAsync(Long);

        Assert.Same(Runtime, sender);
        Assert.Same(domain, args.Domain);
        Assert.Same(thrown, args.Exception);
        Runtime.PendingCallFailed -= handler;
        domain.Post(() => throw new FormatException("not heard"));
        await AwaitAssertAsync(() => Assert.Equal(2, domain.GetStats().PendingCallFailures), Long);
        Assert.Equal(1, Volatile.Read(ref calls));
    }
}
