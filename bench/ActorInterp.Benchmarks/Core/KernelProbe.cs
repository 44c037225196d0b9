using System.Diagnostics;
using ActorInterp.Examples.Pipeline.Counting;
using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Examples.Pipeline.Input;

namespace ActorInterp.Benchmarks.Core;

/// <summary>
/// The counting kernel alone, on one thread: the built-in workload generated once into memory, then counted
/// chunk by chunk (4 MiB, as the pipeline cuts it) into one word table, as a worker does. No domains, no reader.
/// </summary>
public sealed class KernelProbe
{
    private readonly byte[] _text;

    /// <summary>The built-in workload of <paramref name="size"/> bytes from <paramref name="seed"/>, in memory.</summary>
    public KernelProbe(long size = 64L << 20, long seed = 1)
    {
        _text = new byte[size];
        var generator = new CorpusGenerator(seed, size);
        var at = 0;
        while (!generator.Done) at += generator.Fill(_text.AsSpan(at));
    }

    /// <summary>Bytes counted per pass.</summary>
    public int Bytes => _text.Length;

    /// <summary>Counts the whole text once into a fresh table; returns the words.</summary>
    public long CountOnce()
    {
        var table = new WordTable(1 << 16);
        long words = 0;
        for (var at = 0; at < _text.Length; at += PipelineOptions.DefaultChunkSize)
        {
            var chunk = _text.AsSpan(at, Math.Min(PipelineOptions.DefaultChunkSize, _text.Length - at));
            words += ChunkCounter.CountWords(chunk, table);
            ChunkCounter.CountNewlines(chunk);
        }
        return words;
    }

    /// <summary>
    /// One timed pass: megabytes (2^20 bytes) per second of wall time, and per second of the counting thread's own
    /// processor time (MB/s per core, which other load on the machine, and other threads of this process such as a
    /// runtime's threads spinning down after an earlier measurement, barely move).
    /// </summary>
    public (double WallMBps, double CpuMBps) Measure()
    {
        var cpu = ThreadClock.Nanoseconds();
        var start = Stopwatch.GetTimestamp();
        CountOnce();
        var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpuSeconds = (ThreadClock.Nanoseconds() - cpu) / 1e9;
        var mb = _text.Length / (1024.0 * 1024.0);
        return (mb / wall, mb / Math.Max(cpuSeconds, 1e-9));
    }
}
