using ActorInterp.Domains;
using ActorInterp.Sharing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.Forward;

public sealed class ForwardTests(ITestOutputHelper output) : SharingTestKit(output)
{
    private const int Seed = 20240611;

    /// <summary>One buffer's trip: the holders it visits in order, and at each hop whether the holder disposes before it posts on.</summary>
    private sealed record Trip(int Index, uint PatternSeed, int Length, int[] Chain, bool[] DisposeFirst, bool OwnerReleasesFirst);

    [Fact]
    public async Task Forward_chains_of_one_to_five_hops_with_racing_returns_free_every_buffer_exactly_once()
    {
        const int iterations = 400;
        var pool = new RecordingPool { CheckOwnerThread = true };
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var holders = Enumerable.Range(0, 5).Select(i => runtime.CreateDomain($"h{i}")).ToArray();
        var random = new Random(Seed);
        var trips = Enumerable.Range(0, iterations).Select(i =>
        {
            var length = 1 + random.Next(5);
            var chain = new int[length];
            for (var k = 0; k < length; k++)
            {
                // Any holder but the previous one: a proxy is never passed to its own holder.
                do chain[k] = random.Next(holders.Length); while (k > 0 && chain[k] == chain[k - 1]);
            }
            return new Trip(i, (uint)random.Next(), 1 + random.Next(4096), chain,
                Enumerable.Range(0, length).Select(_ => random.Next(2) == 0).ToArray(), random.Next(2) == 0);
        }).ToArray();

        var finished = 0;
        void Hop(Trip trip, int step, BufferHandle handle)
        {
#pragma warning disable AI0001 // disposed on every path, before or after the post under complementary conditions, which the rule cannot pair
            var proxy = handle.Open();
#pragma warning restore AI0001
            Pattern.Verify(proxy.Span, trip.PatternSeed, $"trip {trip.Index} hop {step} (seed {Seed})");
            if (step + 1 == trip.Chain.Length)
            {
                proxy.Dispose();
                Interlocked.Increment(ref finished);
                return;
            }
            var next = holders[trip.Chain[step + 1]];
            var forwarded = proxy.Share(next);
            // The forwarder's return races the notice and the next holder's return.
            if (trip.DisposeFirst[step]) proxy.Dispose();
            next.Post(() => Hop(trip, step + 1, forwarded));
            if (!trip.DisposeFirst[step]) proxy.Dispose();
        }

        foreach (var trip in trips)
        {
            owner.Post(() =>
            {
                var buffer = SharedBuffer.Allocate(trip.Length);
                Pattern.Fill(buffer.Span, trip.PatternSeed);
                var first = holders[trip.Chain[0]];
                if (trip.OwnerReleasesFirst)
                {
                    var handle = buffer.Share(first);
                    buffer.Dispose();
                    first.Post(() => Hop(trip, 0, handle));
                }
                else
                {
                    var handle = buffer.Share(first);
                    first.Post(() => Hop(trip, 0, handle));
                    buffer.Dispose();
                }
            });
        }

        await Eventually(() =>
        {
            Assert.Empty(PostFailures);
            Assert.Equal(iterations, Volatile.Read(ref finished));
            Assert.Equal(iterations, owner.GetSharingStats().BuffersFreed);
        });
        var stats = owner.GetSharingStats();
        Assert.Equal(0, stats.OwnedBuffers);
        Assert.Equal(0, stats.BorrowsOut);
        Assert.Equal(iterations, stats.SharesMade);
        Assert.Equal(trips.Sum(t => t.Chain.Length - 1), stats.ForwardNotices);
        Assert.Equal(trips.Sum(t => t.Chain.Length), holders.Sum(h => h.GetSharingStats().ProxiesOpened));
        Assert.Equal(iterations, pool.Rents);
        Assert.Equal(iterations, pool.Returns);
        Assert.Equal(0, pool.Outstanding);
        Assert.All(pool.Events, e => Assert.Equal(owner.ThreadId, e.ThreadId));
        Assert.Empty(pool.Errors);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task A_proxy_forwarded_150_times_to_a_few_domains_is_freed_exactly_once()
    {
        const int forwards = 150;
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var hub = runtime.CreateDomain("hub");
        var takers = Enumerable.Range(0, 3).Select(i => runtime.CreateDomain($"t{i}")).ToArray();
        var random = new Random(Seed);
        var order = Enumerable.Range(0, forwards).OrderBy(_ => random.Next()).ToArray();
        var hubDisposesAfter = random.Next(forwards);

        var handle = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(2048);
            Pattern.Fill(buffer.Span, 99);
            return buffer.Share(hub);
        }));
        var opened = 0;
        await Within(hub.RunAsync(() =>
        {
            var proxy = handle.Open();
            // Every forward halves what the hub keeps: 2^-150 of a share at the end, past the fast path's 100 bits.
            var handles = Enumerable.Range(0, forwards).Select(i => proxy.Share(takers[i % takers.Length])).ToArray();
            for (var k = 0; k < forwards; k++)
            {
                var h = handles[order[k]];
                h.Target!.Post(() =>
                {
                    using var p = h.Open();
                    Pattern.Verify(p.Span, 99, "fan-out taker");
                    Interlocked.Increment(ref opened);
                });
                if (k == hubDisposesAfter) proxy.Dispose();
            }
        }));

        await Eventually(() =>
        {
            Assert.Empty(PostFailures);
            Assert.Equal(forwards, Volatile.Read(ref opened));
            Assert.Equal(1, owner.GetSharingStats().BuffersFreed);
        });
        await Barrier(owner);
        Assert.Equal(forwards, owner.GetSharingStats().ForwardNotices);
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);
        Assert.Equal(1, pool.Returns);
        Assert.Equal(owner.ThreadId, Assert.Single(pool.Events, e => !e.IsRent).ThreadId);
        Assert.Empty(pool.Errors);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task A_chain_of_150_hops_among_three_domains_is_freed_exactly_once()
    {
        const int hops = 150;
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var ring = Enumerable.Range(0, 3).Select(i => runtime.CreateDomain($"r{i}")).ToArray();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        void Hop(int step, BufferHandle handle)
        {
            var proxy = handle.Open();
            Pattern.Verify(proxy.Span, 5, $"hop {step}");
            if (step == hops)
            {
                proxy.Dispose();
                done.SetResult();
                return;
            }
            var next = ring[(step + 1) % ring.Length];
            var forwarded = proxy.Share(next);
            proxy.Dispose();
            next.Post(() => Hop(step + 1, forwarded));
        }

        owner.Post(() =>
        {
            using var buffer = SharedBuffer.Allocate(777);
            Pattern.Fill(buffer.Span, 5);
            var handle = buffer.Share(ring[0]);
            ring[0].Post(() => Hop(0, handle));
        });
        await Within(done.Task);
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().BuffersFreed));
        await Barrier(owner);
        Assert.Equal(hops, owner.GetSharingStats().ForwardNotices);
        Assert.Equal(0, owner.GetSharingStats().BorrowsOut);
        Assert.Equal(1, pool.Returns);
        Assert.Empty(pool.Errors);
        Assert.Empty(PostFailures);
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task The_forwarder_keeps_reading_after_it_passed_the_buffer_on()
    {
        var pool = new RecordingPool();
        var runtime = NewRuntime(pool);
        var owner = runtime.CreateDomain("owner");
        var b = runtime.CreateDomain("b");
        var c = runtime.CreateDomain("c");
        var handle = await Within(owner.CallAsync(() =>
        {
            using var buffer = SharedBuffer.Allocate(100);
            Pattern.Fill(buffer.Span, 8);
            return buffer.Share(b);
        }));
        var (proxy, forwarded) = await Within(b.CallAsync(() =>
        {
            var p = handle.Open();
            return (p, p.Share(c));
        }));
        await Within(c.RunAsync(() =>
        {
            using var p = forwarded.Open();
            Assert.Same(owner, p.Owner);
            Assert.Same(c, p.Holder);
            Pattern.Verify(p.Span, 8, "taker");
        }));
        await Eventually(() => Assert.Equal(1, owner.GetSharingStats().ReturnsReceived));
        await Barrier(c, b, owner);
        Assert.Equal(0, pool.Returns);
        await Within(b.RunAsync(() =>
        {
            Pattern.Verify(proxy.Span, 8, "forwarder after the taker returned");
            proxy.Dispose();
        }));
        await Eventually(() => Assert.Equal(1, pool.Returns));
        await ShutdownClean(runtime);
    }
}
