using System.Diagnostics;
using ActorInterp.Domains;
using ActorInterp.Sharing;

namespace ActorInterp.Benchmarks.Core;

/// <summary>
/// Lends and returns in steady state. An owner domain allocates <c>buffers</c> buffers of pooled memory once and
/// keeps its hold on them for the life of the probe, lending them over and over to one holder domain; nothing
/// is freed, so a round measures only the lend (share + open) and the return (dispose + the owner applying it).
/// A round moves every buffer once. Its messages are a fixed four posts of cached delegates, whatever the
/// number of buffers, so that bytes per operation are the library's own.
/// </summary>
/// <remarks>
/// The end of a round is a post the holder makes in the turn after the one that disposed: by then that turn
/// has ended and sent its last returns, which travel in the owner's control lane and so are applied before the
/// post runs. <see cref="Verify"/> checks afterwards that the owner applied every return.
/// </remarks>
public sealed class LendReturnProbe : IAsyncDisposable
{
    private readonly DomainRuntime _runtime;
    private readonly Domain _owner;
    private readonly Domain _holder;
    private readonly int _count;
    private readonly SemaphoreSlim _roundDone = new(0);
    private readonly SharedBuffer[] _buffers;     // the owner's
    private readonly BufferHandle?[] _handles;    // made by the owner, opened by the holder after the post that hands them over
    private readonly BufferProxy?[] _proxies;     // the holder's (ReturnRound)
    private readonly Action _lendAndReturn, _openAndDispose, _lendOnly, _openOnly, _disposeAll, _endRound, _signal;
    private long _rounds;
    private long _start, _end;

    /// <summary>Makes the owner and the holder and allocates the owner's <paramref name="buffers"/> buffers of <paramref name="size"/> bytes.</summary>
    public LendReturnProbe(int buffers, int size, bool coalesce = true)
    {
        _count = buffers;
        _runtime = DomainRuntime.Create(new DomainRuntimeOptions { Layers = [new SharingOptions { CoalesceReturns = coalesce }] }, "bench-lend");
        _owner = _runtime.CreateDomain("owner");
        _holder = _runtime.CreateDomain("holder");
        _buffers = new SharedBuffer[buffers];
        _handles = new BufferHandle?[buffers];
        _proxies = new BufferProxy?[buffers];
        _signal = () =>
        {
            _end = Stopwatch.GetTimestamp();
            _roundDone.Release();
        };
        _endRound = () => _owner.Post(_signal);
        _openAndDispose = OpenAndDispose;
        _openOnly = OpenOnly;
        _disposeAll = DisposeAll;
        _lendAndReturn = () => Lend(_openAndDispose);
        _lendOnly = () => Lend(_openOnly);
        _owner.RunAsync(() =>
        {
            for (var i = 0; i < buffers; i++) _buffers[i] = SharedBuffer.Allocate(size);
        }).GetAwaiter().GetResult();
    }

    /// <summary>Buffers moved per round.</summary>
    public int Buffers => _count;

    /// <summary>
    /// One round of lends: the owner shares every buffer with the holder, which opens and disposes each; the
    /// round ends when the owner has applied every return. Returns microseconds per lend (share to applied return).
    /// </summary>
    public double LendRound()
    {
        _start = Stopwatch.GetTimestamp();
        _owner.Post(_lendAndReturn);
        _roundDone.Wait();
        _rounds++;
        return Stopwatch.GetElapsedTime(_start, _end).TotalMicroseconds / _count;
    }

    /// <summary>Lends every buffer and opens it in the holder, for the next <see cref="ReturnRound"/> to give back (not a measure).</summary>
    public void PrepareReturns()
    {
        _owner.Post(_lendOnly);
        _roundDone.Wait();
    }

    /// <summary>
    /// Returns alone: the holder disposes, in one turn, every proxy <see cref="PrepareReturns"/> opened; the
    /// round ends when the owner has applied every return. Returns returns per second, timed from the holder's
    /// first dispose to the owner's end of the round.
    /// </summary>
    public double ReturnRound()
    {
        _holder.Post(_disposeAll);
        _roundDone.Wait();
        _rounds++;
        return _count / Stopwatch.GetElapsedTime(_start, _end).TotalSeconds;
    }

    /// <summary>Runs <paramref name="rounds"/> lend rounds; returns the median microseconds per lend and the bytes allocated per lend (all threads).</summary>
    public (double MicrosPerLend, double BytesPerLend) MeasureLends(int rounds)
    {
        var micros = new double[rounds];
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var r = 0; r < rounds; r++) micros[r] = LendRound();
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - before;
        Array.Sort(micros);
        return (micros[rounds / 2], (double)bytes / ((long)rounds * _count));
    }

    /// <summary>Runs <paramref name="rounds"/> return rounds; returns the median returns per second and the bytes allocated per return (all threads, the untimed lends excluded).</summary>
    public (double ReturnsPerSecond, double BytesPerReturn) MeasureReturns(int rounds)
    {
        var rates = new double[rounds];
        long bytes = 0;
        for (var r = 0; r < rounds; r++)
        {
            PrepareReturns();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            rates[r] = ReturnRound();
            bytes += GC.GetTotalAllocatedBytes(precise: true) - before;
        }
        Array.Sort(rates);
        return (rates[rounds / 2], (double)bytes / ((long)rounds * _count));
    }

    /// <summary>Throws unless the owner has applied one return per buffer per round run so far.</summary>
    public void Verify()
    {
        var applied = _owner.GetSharingStats().ReturnsReceived;
        if (applied != _rounds * _count)
            throw new InvalidOperationException($"The owner applied {applied} returns; {_rounds} rounds of {_count} should have made {_rounds * _count}.");
    }

    public async ValueTask DisposeAsync()
    {
        await _owner.RunAsync(() => { foreach (var b in _buffers) b.Dispose(); });
        await _runtime.DisposeAsync();
        _roundDone.Dispose();
    }

    // The owner's turn: lend every buffer, then hand the handles to the holder.
    private void Lend(Action then)
    {
        for (var i = 0; i < _count; i++) _handles[i] = _buffers[i].Share(_holder);
        _holder.Post(then);
    }

    private void OpenAndDispose()
    {
        for (var i = 0; i < _count; i++)
        {
            _handles[i]!.Open().Dispose();
            _handles[i] = null;
        }
        _holder.Post(_endRound); // next turn: this one's last returns have left by then
    }

    private void OpenOnly()
    {
        for (var i = 0; i < _count; i++)
        {
            _proxies[i] = _handles[i]!.Open();
            _handles[i] = null;
        }
        _roundDone.Release();
    }

    private void DisposeAll()
    {
        _start = Stopwatch.GetTimestamp();
        for (var i = 0; i < _count; i++)
        {
            _proxies[i]!.Dispose();
            _proxies[i] = null;
        }
        _holder.Post(_endRound);
    }
}
