using ActorInterp.Domains;
using ActorInterp.TestSupport;
using Xunit.Abstractions;

namespace ActorInterp.Sharing.Tests.Support;

/// <summary>
/// The shared <see cref="ActorInterpTestKit"/> with what only the Sharing tests need: runtimes whose buffers come
/// from a <see cref="RecordingPool"/>, and a barrier through a domain's mailbox (which needs the domain's internals).
/// </summary>
public abstract class SharingTestKit(ITestOutputHelper output) : ActorInterpTestKit(output: output)
{
    /// <summary>A runtime whose buffers come from <paramref name="pool"/>.</summary>
    protected DomainRuntime NewRuntime(RecordingPool pool, bool coalesce = true, bool trackLeakSites = false) =>
        NewRuntime(new DomainRuntimeOptions { Layers = [new SharingOptions { BufferPool = pool, CoalesceReturns = coalesce, TrackLeakSites = trackLeakSites }] });

    /// <summary>
    /// Completes once <paramref name="domain"/> has finished every message queued before this one (of both
    /// lanes), including the end of the turn that ran them. Works while the domain is closing.
    /// </summary>
    protected Task Barrier(Domain domain)
    {
        var barrier = new BarrierMessage();
        domain.SendInternal(barrier);
        return Within(barrier.Passed.Task);
    }

    /// <summary>Barriers on every domain in order: a message one of them sent the next before its barrier has arrived.</summary>
    protected async Task Barrier(params Domain[] domains)
    {
        foreach (var domain in domains) await Barrier(domain);
    }

    // Ordinary lane: it runs after everything queued before it, and each of those ran in a turn of its own
    // that has ended (flushing its returns) by the time this one starts.
    private sealed class BarrierMessage : DomainMessage
    {
        internal TaskCompletionSource Passed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal override void Run(Domain domain) => Passed.TrySetResult();

        internal override void OnDropped() => Passed.TrySetException(new DomainClosedException(Target!.Name, "the domain closed before the barrier passed"));
    }
}
