using System.Text;
using System.Text.Json;
using ActorInterp.Examples.Pipeline.Engine;

namespace ActorInterp.Examples.Pipeline.Cli;

/// <summary>The machine-readable result printed by <c>--json</c>.</summary>
public static class JsonReport
{
    /// <summary>The result as one JSON object.</summary>
    public static string Write(PipelineResult r)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("mode", r.Options.Mode.ToString().ToLowerInvariant());
            json.WriteNumber("workers", r.Options.Workers);
            if (r.Options.InputPath is null)
            {
                json.WriteNull("input");
                json.WriteNumber("seed", r.Options.Seed);
                json.WriteNumber("size", r.Options.Size);
            }
            else
            {
                json.WriteString("input", r.Options.InputPath);
            }
            json.WriteNumber("bytes", r.Bytes);
            json.WriteNumber("lines", r.Lines);
            json.WriteNumber("words", r.Words);
            json.WriteNumber("unique_words", r.UniqueWords);
            json.WriteNumber("files_read", r.FilesRead);
            json.WriteNumber("files_skipped", r.Skipped.Count);
            json.WriteNumber("words_longer_than_a_chunk", r.LongWords);
            json.WriteNumber("seconds", Math.Round(r.Elapsed.TotalSeconds, 4));
            json.WriteNumber("mb_per_s", Math.Round(r.MegabytesPerSecond, 1));
            json.WriteNumber("chunks", r.Chunks);
            json.WriteNumber("chunks_shared", r.ChunksShared);
            json.WriteNumber("copies_made", r.CopiesMade);
            json.WriteNumber("chunks_transferred", r.ChunksTransferred);
            json.WriteNumber("returns_coalesced", r.ReturnsCoalesced);
            json.WriteNumber("peak_working_set_bytes", r.PeakWorkingSet);
            json.WriteNumber("leaks", r.Leaks);
            json.WriteStartArray("broken_invariants");
            foreach (var b in r.BrokenInvariants) json.WriteStringValue(b);
            json.WriteEndArray();
            json.WriteStartArray("skipped");
            foreach (var s in r.Skipped)
            {
                json.WriteStartObject();
                json.WriteString("path", s.Path);
                json.WriteString("reason", s.Reason);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("top");
            foreach (var w in r.Top)
            {
                json.WriteStartObject();
                json.WriteString("word", w.Word);
                json.WriteNumber("count", w.Count);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
