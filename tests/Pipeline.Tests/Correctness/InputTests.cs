using System.Text;
using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Pipeline.Tests.Support;
using Xunit;

namespace ActorInterp.Pipeline.Tests.Correctness;

public sealed class InputTests
{
    [Fact]
    public async Task Files_that_are_not_text_are_skipped_with_a_warning_and_counted()
    {
        using var dir = new TempDirectory();
        var good = Texts.Corpus(seed: 2, size: 50_000);
        var nested = Encoding.UTF8.GetBytes("Nested file, naïve café.\n");
        dir.Write("good.txt", good);
        dir.Write("sub/deeper/nested.txt", nested);
        var binary = dir.Write("image.bin", [0x89, (byte)'P', (byte)'N', (byte)'G', 0, 0, 1, 2, (byte)'w', (byte)'o', (byte)'r', (byte)'d']);
        var latin1 = dir.Write("latin1.txt", [(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)' ', (byte)'x', (byte)'\n']);
        // Larger than a chunk: checked in a first pass, so none of it is counted although the bad byte is at the end.
        var bigBad = Enumerable.Repeat((byte)'z', 10_000).Append((byte)0xFF).ToArray();
        var big = dir.Write("big-bad.txt", bigBad);
        var warnings = new List<string>();

        var result = await Runs.CountAsync(new PipelineOptions { InputPath = dir.Path, Workers = 2, ChunkSize = 4096 }, warnings);

        Assert.Equal(2, result.FilesRead);
        Assert.Equal(new[] { big, binary, latin1 }.Order(StringComparer.Ordinal), result.Skipped.Select(s => s.Path).Order(StringComparer.Ordinal));
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, w => w.Contains(binary) && w.Contains("NUL"));
        Assert.Contains(warnings, w => w.Contains(latin1) && w.Contains("UTF-8"));
        Runs.AssertSameCounts(Reference.CountWords([good, nested]), result.AllCounts);
        Assert.Equal(good.Length + nested.Length, result.Bytes);
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
