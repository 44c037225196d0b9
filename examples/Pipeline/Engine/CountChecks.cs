namespace ActorInterp.Examples.Pipeline.Engine;

/// <summary>The invariants between what the reader sent and what the workers counted, the same in every mode.</summary>
internal static class CountChecks
{
    /// <summary>Adds a sentence to <paramref name="broken"/> for each invariant that does not hold.</summary>
    public static void Check(ChunkReader reader, long chunks, long bytes, long words, long mergedTotal, List<string> broken)
    {
        if (chunks != reader.Chunks) broken.Add($"the reader sent {reader.Chunks} chunks but the workers counted {chunks}");
        if (bytes != reader.PayloadBytes) broken.Add($"the reader sent {reader.PayloadBytes} bytes but the workers counted {bytes}");
        // Every byte read went to a worker or into a word longer than a chunk: none was dropped at a chunk's edge.
        if (reader.Bytes + reader.AddedNewlines != reader.PayloadBytes + reader.LongWordBytes)
            broken.Add($"the reader read {reader.Bytes} bytes and added {reader.AddedNewlines} newlines but sent {reader.PayloadBytes} and counted {reader.LongWordBytes} in long words");
        if (words != mergedTotal) broken.Add($"the workers and the reader counted {words} words but the merge gave {mergedTotal}");
    }
}
