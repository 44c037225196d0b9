using ActorInterp.Domains;
using ActorInterp.Sharing.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.SteadyState;

/// <summary>
/// A holder whose turns each return a buffer or two (a domain that takes one posted item per turn) sends small
/// batches: each is sized for what it carries, not for a full batch of coalesced returns, and as many as were on
/// their way at once are kept for reuse when the owner hands them back.
/// </summary>
public sealed class ReturnBatchSizeTests(ITestOutputHelper output) : SharingTestKit(output)
{
    private const int Turns = 300; // one-return batches on their way at once: far more than 32 full batches

    [Fact]
    public async Task A_turn_that_returns_one_buffer_allocates_a_batch_for_a_few_returns_not_for_a_full_one()
    {
        var runtime = NewRuntime(new RecordingPool());
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var buffers = await Within(owner.CallAsync(() => new[] { SharedBuffer.Allocate(16), SharedBuffer.Allocate(16) }));
        var handles = await Within(owner.CallAsync(() => buffers.Select(b => b.Share(holder)).ToArray()));
        var proxies = await Within(holder.CallAsync(() => handles.Select(h => h.Open()).ToArray()));
        // The owner is held, so the first turn's batch is not back when the second turn returns its buffer.
        using var gate = new ManualResetEventSlim();
        await HoldAsync(owner, gate);
        await Within(holder.RunAsync(proxies[0].Dispose)); // the first return to this owner makes its outbox
        var disposeBytes = await Within(holder.CallAsync(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            proxies[1].Dispose(); // no batch to reuse: a new one
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }));
        gate.Set();
        // A full batch has room for 256 returns of 32 bytes or more each: 8 KiB and up.
        Assert.InRange(disposeBytes, 1, 1024);
        await Eventually(() => Assert.Equal(2, owner.GetSharingStats().ReturnsReceived));
        await Within(owner.RunAsync(() => { foreach (var b in buffers) b.Dispose(); }));
        await ShutdownClean(runtime);
    }

    [Fact]
    public async Task Hundreds_of_one_return_batches_on_their_way_at_once_are_all_reused_once_the_owner_hands_them_back()
    {
        var runtime = NewRuntime(new RecordingPool());
        var owner = runtime.CreateDomain("owner");
        var holder = runtime.CreateDomain("holder");
        var kept = await Within(owner.CallAsync(() => Enumerable.Range(0, Turns).Select(_ => SharedBuffer.Allocate(16)).ToArray()));
        long disposeBytes = -1;
        for (var round = 0; round < 2; round++)
        {
            var handles = await Within(owner.CallAsync(() => kept.Select(b => b.Share(holder)).ToArray()));
            var proxies = await Within(holder.CallAsync(() => handles.Select(h => h.Open()).ToArray()));
            // The owner is held while the holder's turns run, so that every batch is on its way at once.
            using var gate = new ManualResetEventSlim();
            await HoldAsync(owner, gate);
            var turns = Enumerable.Range(0, Turns).Select(i => holder.CallAsync(() =>
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                proxies[i].Dispose();
                return GC.GetAllocatedBytesForCurrentThread() - before;
            })).ToArray();
            var perTurn = await Within(Task.WhenAll(turns));
            gate.Set();
            disposeBytes = perTurn.Sum();
            var returned = (round + 1L) * Turns;
            await Eventually(() => Assert.Equal(returned, owner.GetSharingStats().ReturnsReceived));
            await Barrier(owner); // the turns that applied the batches have ended: the batches are back for reuse
        }
        Assert.Equal(0, disposeBytes);
        await Within(owner.RunAsync(() => { foreach (var b in kept) b.Dispose(); }));
        await ShutdownClean(runtime);
    }

    // Holds the domain's thread in a turn until the gate opens; returns once the thread is held (batches sent
    // after that wait in its control lane).
    private Task HoldAsync(Domain domain, ManualResetEventSlim gate)
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        domain.Post(() =>
        {
            held.SetResult();
            gate.Wait();
        });
        return Within(held.Task);
    }
}
