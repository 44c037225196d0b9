using System.Runtime.InteropServices;

namespace ActorInterp.Benchmarks.Core;

/// <summary>Reading every byte, the way a receiver that uses the data would.</summary>
public static class Bytes
{
    public static ulong Sum(ReadOnlySpan<byte> data)
    {
        ulong sum = 0;
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (var w in words) sum += w;
        foreach (var b in data[(words.Length * 8)..]) sum += b;
        return sum;
    }
}
