using System.Diagnostics;
using System.Threading.Channels;

namespace ActorInterp.Benchmarks.Core;

/// <summary>The channel baseline: a bounded System.Threading.Channels channel between two threads.</summary>
public static class RawChannel
{
    /// <summary>
    /// Items per second through a channel of capacity 1024. <paramref name="singleEnds"/> declares one reader
    /// and one writer (the baseline a user would pick); without it the channel is the multi-reader, multi-writer
    /// kind a domain channel is built on, which shows how much of the gap is the underlying channel.
    /// </summary>
    public static double ItemsPerSecond(int items, bool singleEnds = true)
    {
        var channel = Channel.CreateBounded<int>(new BoundedChannelOptions(1024) { SingleReader = singleEnds, SingleWriter = singleEnds });
        var start = Stopwatch.GetTimestamp();
        var reader = new Thread(() =>
        {
            long sum = 0;
            var r = channel.Reader;
            while (r.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                while (r.TryRead(out var x)) sum += x;
            GC.KeepAlive(sum);
        });
        reader.Start();
        var w = channel.Writer;
        for (var i = 0; i < items; i++)
            if (!w.TryWrite(i)) w.WriteAsync(i).AsTask().GetAwaiter().GetResult();
        w.Complete();
        reader.Join();
        return items / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
