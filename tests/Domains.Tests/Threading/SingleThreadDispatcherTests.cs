using System.Collections.Concurrent;
using ActorInterp.TestSupport;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Domains.Tests.Threading;

public sealed class SingleThreadDispatcherTests(ITestOutputHelper output) : DomainTestKit(output: output)
{
    private const int Posters = 4;
    private const int PostsPerPoster = 250;

    [Fact]
    public async Task Posts_from_four_threads_and_other_actors_of_the_domain_never_run_concurrently()
    {
        var domain = Runtime.CreateDomain("one-thread");
        await domain.RunAsync(() => { }).WaitAsync(Long);

        var inside = 0;
        var maxInside = 0;
        var threads = new ConcurrentDictionary<int, bool>();
        var ran = 0;
        void Work()
        {
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref maxInside, now);
            threads.TryAdd(Environment.CurrentManagedThreadId, true);
            Thread.SpinWait(200); // widens the window in which a second thread would be seen inside
            Interlocked.Decrement(ref inside);
            Interlocked.Increment(ref ran);
        }

        // One actor per poster on the domain's dispatcher: a single actor is serial anyway, so it is these
        // extra actors, running alongside the domain's own, that show the dispatcher has a single thread.
        Action work = Work;
        var actors = Enumerable.Range(0, Posters)
            .Select(_ => Sys.ActorOf(Props.Create(() => new WorkActor(work)).WithDispatcher(domain.GuestDispatcherId())))
            .ToArray();
        using var start = new Barrier(Posters);
        var posters = Enumerable.Range(0, Posters).Select(p => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < PostsPerPoster; i++)
            {
                domain.Post(Work);
                actors[p].Tell(i);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(posters).WaitAsync(Long);

        await AwaitAssertAsync(() => Assert.Equal(2 * Posters * PostsPerPoster, Volatile.Read(ref ran)), Long);
        Assert.Equal(1, Volatile.Read(ref maxInside));
        Assert.Equal([domain.ThreadId], threads.Keys);
        foreach (var actor in actors) Sys.Stop(actor);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    private sealed class WorkActor : ReceiveActor
    {
        public WorkActor(Action work) => Receive<int>(_ => work());
    }
}
