using ActorInterp.Examples.Pipeline.Engine;
using ActorInterp.Pipeline.Tests.Support;
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
