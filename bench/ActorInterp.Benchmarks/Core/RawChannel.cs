using System.Diagnostics;
using System.Threading.Channels;

namespace ActorInterp.Benchmarks.Core;

/// <summary>The channel baseline: a bounded System.Threading.Channels channel between two threads.</summary>
public static class RawChannel
{
    public static double ItemsPerSecond(int items)
    {
        var channel = Channel.CreateBounded<int>(new BoundedChannelOptions(1024) { SingleReader = true, SingleWriter = true });
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
