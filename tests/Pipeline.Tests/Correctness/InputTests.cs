using System.Text;
using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Pipeline.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Pipeline.Tests.Correctness;

public sealed class InputTests
{
    [Fact]
    public async Task Binary_files_are_skipped_with_a_warning_and_text_in_any_encoding_is_counted()
    {
        using var dir = new TempDirectory();
        var good = Texts.Corpus(seed: 2, size: 50_000);
        var nested = Encoding.UTF8.GetBytes("Nested file, naïve café.\n");
        dir.Write("good.txt", good);
        dir.Write("sub/deeper/nested.txt", nested);
        var binary = dir.Write("image.bin", [0x89, (byte)'P', (byte)'N', (byte)'G', 0, 0, 1, 2, (byte)'w', (byte)'o', (byte)'r', (byte)'d']);
        byte[] latin1 = [(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)' ', (byte)'x', (byte)'\n'];
        dir.Write("latin1.txt", latin1);
        // Larger than a chunk, streamed: an invalid UTF-8 byte at the end is a separator, not a reason to drop the file.
        var bigLatin1 = Enumerable.Repeat((byte)'z', 10_000).Append((byte)0xFF).ToArray();
        dir.Write("big-latin1.txt", bigLatin1);
        var warnings = new List<string>();

        var result = await Runs.CountAsync(new PipelineOptions { InputPath = dir.Path, Workers = 2, ChunkSize = 4096 }, warnings);

        Assert.Equal(4, result.FilesRead);
        Assert.Equal(binary, Assert.Single(result.Skipped).Path);
        var warning = Assert.Single(warnings);
        Assert.Contains(binary, warning);
        Assert.Contains("is binary (a NUL byte at offset 4", warning);
        Runs.AssertSameCounts(Reference.CountWords([good, nested, latin1, bigLatin1]), result.AllCounts);
        Assert.Equal(good.Length + nested.Length + latin1.Length + bigLatin1.Length, result.Bytes);
    }

    [Fact]
    public async Task A_multi_chunk_file_with_UTF8_cut_by_reads_is_text()
    {
        using var dir = new TempDirectory();
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("日本語 mixed with ASCII wörds, ", 40_000)));
        var file = dir.Write("utf8.txt", text);

        var result = await Runs.CountAsync(new PipelineOptions { InputPath = file, Workers = 2, ChunkSize = 1000 });

        Assert.Empty(result.Skipped);
        Runs.AssertSameCounts(Reference.CountWords([text]), result.AllCounts);
    }
}
