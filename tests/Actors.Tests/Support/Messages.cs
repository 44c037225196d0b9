using System.Collections.Immutable;
using ActorInterp.Sharing;

namespace ActorInterp.Actors.Tests.Support;

public sealed record Blob(string Name, IReadOnlyBuffer Data);

public sealed record Plain(int Id, string Text, DateTime At, Guid Key);

public sealed record Order(int Id, ImmutableList<Line> Lines);

public sealed record Line(int Quantity, object? Payload);

public sealed record Catalog(ImmutableDictionary<string, IReadOnlyBuffer> Entries, ImmutableArray<Blob> Extra);

public sealed record Pair(IReadOnlyBuffer First, IReadOnlyBuffer Second);

public sealed record WithArray(int[] Numbers);

public sealed record WithBufferArray(IReadOnlyBuffer[] Buffers);

public sealed class MutableBag
{
    public int Count;
    public string Label = "";
}

public sealed record Document(MutableBag Bag, IReadOnlyBuffer? Data);

[ActorInterp.Actors.Shareable]
public sealed class MarkedCounter
{
    public int Value;
}

public sealed class MarkedByInterface : ActorInterp.Actors.IShareable
{
    public int Value;
}

public readonly record struct Point(int X, int Y);

/// <summary>What an actor saw, reported to the test actor.</summary>
public sealed record Seen(string Domain, int ThreadId, string TypeName, long Sum = 0, int Length = 0);

public static class Bytes
{
    public static long Sum(ReadOnlySpan<byte> span)
    {
        long sum = 0;
        foreach (var b in span) sum += b;
        return sum;
    }
}
