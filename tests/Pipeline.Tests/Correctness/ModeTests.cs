using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Pipeline.Tests.Support;
using ActorInterp.TestSupport;
using Xunit;

namespace ActorInterp.Pipeline.Tests.Correctness;

public sealed class ModeTests
{
    private const long Seed = 21;
    private const long Size = 3 << 20;

    [Theory]
    [InlineData(PipelineMode.Share)]
    [InlineData(PipelineMode.Copy)]
    [InlineData(PipelineMode.Transfer)]
    [InlineData(PipelineMode.Plain)]
    public async Task Every_mode_counts_the_built_in_workload_as_the_definition_says(PipelineMode mode)
    {
        var text = Texts.Corpus(Seed, Size);
        var result = await Runs.CountAsync(new PipelineOptions { Mode = mode, Workers = 2, Seed = Seed, Size = Size, ChunkSize = 64 * 1024, Top = 5 });

        Runs.AssertSameCounts(Reference.CountWords([text]), result.AllCounts);
        Assert.Equal(Size, result.Bytes);
        Assert.Equal(Reference.CountLines([text]), result.Lines);
        Assert.True(result.Chunks >= Size / (64 * 1024));
        switch (mode)
        {
            case PipelineMode.Share:
                Assert.Equal(result.Chunks, result.ChunksShared);
                Assert.Equal(0, result.CopiesMade);
                break;
            case PipelineMode.Copy:
                Assert.Equal(result.Chunks, result.CopiesMade);
                Assert.Equal(0, result.ChunksShared);
                break;
            case PipelineMode.Transfer:
                Assert.Equal(result.Chunks, result.ChunksTransferred);
                Assert.Equal(0, result.CopiesMade);
                break;
            case PipelineMode.Plain:
                Assert.Equal(0, result.ChunksShared + result.CopiesMade + result.ChunksTransferred);
                Assert.Empty(result.DomainStats);
                break;
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(4096)]
    public async Task All_modes_give_identical_counts_on_the_same_input(int chunkSize)
    {
        // Files with lines and words longer than a chunk, CRLF, bytes of 0x80 and up, a file without a final
        // newline, and the built-in workload: every mode must count them alike, down to the lines and long words.
        using var dir = new TempDirectory();
        dir.Write("a-corpus.txt", Texts.Corpus(seed: 5, size: 300_000));
        dir.Write("b-jumble.txt", Texts.Jumble(seed: 6, length: 50_000));
        dir.Write("c-long-word.txt", System.Text.Encoding.ASCII.GetBytes("x " + new string('W', 9000) + " y\r\nz"));
        var results = new List<PipelineResult>();
        foreach (var mode in Enum.GetValues<PipelineMode>())
            results.Add(await Runs.CountAsync(new PipelineOptions { Mode = mode, InputPath = dir.Path, Workers = 2, ChunkSize = chunkSize, MaxChunksInFlight = 3 }));

        var first = results[0];
        Assert.True(first.LongWords > 0);
        foreach (var r in results.Skip(1))
        {
            Runs.AssertSameCounts(first.AllCounts!, r.AllCounts);
            Assert.Equal((first.Bytes, first.Lines, first.Words, first.UniqueWords, first.LongWords, first.Chunks),
                (r.Bytes, r.Lines, r.Words, r.UniqueWords, r.LongWords, r.Chunks));
        }
    }

    [Fact]
    public async Task The_top_words_are_ordered_by_count_then_by_word()
    {
        var result = await Runs.CountAsync(new PipelineOptions { Workers = 1, Seed = Seed, Size = 1 << 20, Top = 200 });
        var expected = result.AllCounts!.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(200)
            .Select(kv => (kv.Key, kv.Value)).ToList();
        Assert.Equal(expected, result.Top.Select(w => (w.Word, w.Count)).ToList());
    }
}
